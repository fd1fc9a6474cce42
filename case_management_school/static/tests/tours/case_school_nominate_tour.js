/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A principal opens the pupils to watch, reviews a pupil and nominates the
 * family for case management in one step.
 */
registry.category("web_tour.tours").add("case_school_nominate_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="case_management_school.case_management_school_menu_root"]',
            run: "click",
        },
        {
            trigger: '.o_menu_sections [data-menu-xmlid="case_management_school.case_school_menu_watch"]',
            run: "click",
        },
        // the watch list shows why each pupil is on it
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Pupil Watched') .o_data_cell:contains('unexcused hours')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Pupil Fine')))",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Pupil Watched') button[name='action_nominate']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='reasons'] textarea",
            run: "edit Často chybí, nemá svačinu.",
        },
        {
            trigger: ".modal .o_field_widget[name='signal_type_ids'] input",
            run: "edit Unmet basic needs: food",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Unmet basic needs: food')",
            run: "click",
        },
        {
            trigger: ".modal footer button[name='action_nominate']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='state'] .o_arrow_button_current:contains('Proposed')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='case_manager_name']:contains('Tour Case Manager')",
        },
    ],
});
