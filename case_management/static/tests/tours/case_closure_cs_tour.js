/** @odoo-module */

import { registry } from "@web/core/registry";
import { FORM, pick } from "./case_meeting_tour_helpers";

/**
 * In Czech: a case manager whose language is Czech closes a case through the
 * closure wizard. Every label on the way is asserted in Czech (the header
 * button, the wizard's title, explanation, field labels, section titles,
 * the closure reason's values and the footer button), then the case shows
 * the Czech ribbon, closure page and letter button. An untranslated or
 * broken Czech text stops the tour at its step.
 */
const DIALOG = ".modal .o_form_view";

// a label with a help text ends with a "?" for its tooltip
function label(text) {
    return { trigger: `${DIALOG} .o_form_label:contains(/^${text}/)` };
}

registry.category("web_tour.tours").add("case_closure_cs_tour", {
    steps: () => [
        { trigger: `${FORM}.o_form_saved` },
        {
            trigger: `${FORM} .o_statusbar_buttons button[name='action_open_close_wizard']:contains(/^Uzavřít případ$/)`,
            run: "click",
        },
        { trigger: ".modal .modal-title:contains(/^Uzavřít případ$/)" },
        { trigger: `${DIALOG} .alert-info:contains("Uzavření ukončí otevřené kroky plánu")` },
        label("Důvod ukončení"),
        label("Informovat okruh"),
        { trigger: `${DIALOG} .o_horizontal_separator:contains(/^Doporučení pro rodinu$/)` },
        {
            trigger: `${DIALOG} .o_field_widget[name='closure_reason'] select:has(option:contains(/^Cíle naplněny, nové nejsou$/))`,
            run: 'select "goals_met"',
        },
        {
            trigger: `${DIALOG} .o_field_widget[name='closure_reason'] select:has(option:checked:contains(/^Cíle naplněny, nové nejsou$/))`,
        },
        {
            trigger: `${DIALOG} .o_field_widget[name='summary'] textarea`,
            run: "edit Rodina zvládá rozpočet sama a ví, kam se obrátit.",
        },
        {
            trigger: `${DIALOG} .o_field_widget[name='recommendation_line_ids'] th[data-name='kind']:contains(/^Druh$/)`,
        },
        {
            trigger: `${DIALOG} .o_field_widget[name='recommendation_line_ids'] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${DIALOG} .o_field_widget[name='recommendation_line_ids'] .o_selected_row .o_field_widget[name='kind'] select:has(option:checked:contains(/^V krizi$/))`,
        },
        ...pick(
            `${DIALOG} .o_field_widget[name='recommendation_line_ids'] .o_selected_row`,
            "partner_id",
            "Krizová linka Tour"
        ),
        {
            trigger: ".modal footer button[name='action_close']:contains(/^Uzavřít případ$/)",
            run: "click",
        },
        { trigger: "body:not(:has(.modal))" },
        { trigger: `${FORM} .ribbon:contains(/^Uzavřeno$/)` },
        {
            trigger: `${FORM} .o_statusbar_buttons button[name='action_print_closure_letter']:contains(/^Závěrečný dopis$/)`,
        },
        { trigger: `${FORM} .o_notebook_headers a[name='closure']:contains(/^Ukončování$/)` },
    ],
});
