/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A reporting officer generates the programme report for the last quarter
 * (the default period) and downloads the XLSX and the PDF.
 */
registry.category("web_tour.tours").add("case_outcome_report_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="case_management_reports.case_management_reports_menu_root"]',
            run: "click",
        },
        // The programme report is the officer's first menu: it opens at once.
        {
            trigger: ".modal .o_field_widget[name='programme_id'] input",
            run: "edit Program Tour",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Program Tour')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='k'] span:contains('5')",
        },
        {
            trigger: ".modal button[name='action_export_xlsx']",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_print_pdf']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_error_dialog)) .modal button[name='action_print_pdf']:enabled",
        },
    ],
});
