/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { pickTag } from "@case_management/../tests/tours/case_meeting_tour_helpers";

/**
 * In Czech: a principal whose language is Czech opens the pupils to watch
 * (the reasons are in the school's language), nominates the family in the
 * nomination dialog and sees the proposal. Every label on the way is
 * asserted in Czech; an untranslated or broken Czech text stops the tour at
 * its step.
 */
const DIALOG = ".modal .o_form_view";

registry.category("web_tour.tours").add("case_school_nominate_cs_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="case_management_school.case_management_school_menu_root"]',
            run: "click",
        },
        {
            trigger: '.o_menu_sections [data-menu-xmlid="case_management_school.case_school_menu_watch"]:contains(/^Žáci ke sledování$/)',
            run: "click",
        },
        { trigger: ".o_breadcrumb:contains(/^Žáci ke sledování$/)" },
        {
            trigger: ".o_list_view .o_data_row:contains('Žák Sledovaný') .o_data_cell:contains('neomluvených hodin za 30 dní')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Žák Sledovaný') button[name='action_nominate']:contains(/^Navrhnout$/)",
            run: "click",
        },
        { trigger: `${DIALOG} .o_form_label:contains(/^Důvody/)` },
        { trigger: `${DIALOG} .o_form_label:contains(/^Signály/)` },
        { trigger: `${DIALOG} p.text-muted:contains("Založí se nový případ se zdrojem")` },
        {
            trigger: `${DIALOG} .o_field_widget[name='reasons'] textarea`,
            run: "edit Často chybí, nemá svačinu.",
        },
        ...pickTag(DIALOG, "signal_type_ids", "Nenaplněné základní potřeby: jídlo"),
        {
            trigger: ".modal footer button[name='action_nominate']:contains(/^Navrhnout$/)",
            run: "click",
        },
        { trigger: "body:not(:has(.modal))" },
        {
            trigger: ".o_form_view .o_field_widget[name='state'] .o_arrow_button_current:contains(/^Navrženo$/)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='case_manager_name']:contains('Vedoucí Případová')",
        },
    ],
});
