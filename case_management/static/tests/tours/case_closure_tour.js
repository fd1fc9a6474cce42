/** @odoo-module */

import { registry } from "@web/core/registry";
import { FORM, clickButton, pick, save } from "./case_meeting_tour_helpers";

/**
 * A case manager refers a family to a debt counsellor, who has no capacity:
 * the referral becomes a service gap in one click. Later the case manager
 * closes the case through the closure wizard with a crisis contact for the
 * family; the case is closed and its letter can be printed.
 */
const DIALOG = ".modal .o_form_view";

registry.category("web_tour.tours").add("case_closure_tour", {
    steps: () => [
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        ...pick(FORM, "case_id", "TOUR-CLOSURE"),
        ...pick(FORM, "category_id", "Debt counselling"),
        ...pick(FORM, "partner_id", "Dluhová poradna Tour"),
        {
            trigger: `${FORM} .o_field_widget[name='need'] input`,
            run: "edit Splátkový kalendář na nájem",
        },
        ...save(),
        clickButton("action_send"),
        { trigger: `${FORM} .o_statusbar_status button.o_arrow_button_current[data-value='sent']` },
        clickButton("action_no_capacity"),
        { trigger: `${FORM} .o_statusbar_status button.o_arrow_button_current[data-value='no_capacity']` },
        clickButton("action_create_gap"),
        // the gap form: category and reason come from the referral
        { trigger: `${FORM} .o_field_widget[name='reason'] select:has(option:checked:contains("No capacity"))` },
        { trigger: `${FORM} .o_field_widget[name='category_id'] input:value("Debt counselling")` },
        // back to the referral, then to its case
        { trigger: ".o_breadcrumb .breadcrumb-item:last-of-type a", run: "click" },
        { trigger: `${FORM} .o_field_widget[name='gap_id'] a` },
        { trigger: `${FORM} .o_field_widget[name='case_id'] a`, run: "click" },
        // close the case through the wizard
        { trigger: `${FORM} .o_statusbar_buttons button[name='action_open_close_wizard']`, run: "click" },
        {
            trigger: `${DIALOG} .o_field_widget[name='closure_reason'] select`,
            run: 'select "goals_met"',
        },
        {
            trigger: `${DIALOG} .o_field_widget[name='summary'] textarea`,
            run: "edit Rodina zvládá rozpočet sama a ví, kam se obrátit.",
        },
        {
            trigger: `${DIALOG} .o_field_widget[name='recommendation_line_ids'] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        ...pick(
            `${DIALOG} .o_field_widget[name='recommendation_line_ids'] .o_selected_row`,
            "partner_id",
            "Krizová linka Tour"
        ),
        { trigger: ".modal button[name='action_close']", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: `${FORM} .o_statusbar_buttons button[name='action_print_closure_letter']` },
        { trigger: `${FORM} .ribbon:contains("Closed")` },
    ],
});
