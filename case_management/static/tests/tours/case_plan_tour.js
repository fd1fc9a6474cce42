/** @odoo-module */

import { registry } from "@web/core/registry";

/**
 * A case manager builds the family plan of a case: a short- and a long-term
 * goal, two steps for different organisations and a plan B; the quality
 * checklist turns green, the plan is activated and a review creates version 2.
 *
 * Editable one2many rows are filled one at a time, and every step waits for
 * the result of the previous one, so that no click races an open date picker,
 * an autocomplete or a row that is still being validated:
 * - a date is typed, then the picker is closed by clicking another cell of the
 *   same row, and the tour waits until the picker is gone and the value kept;
 * - a many2one is picked by its exact name and the tour waits for the value;
 * - a row is committed by clicking the form title (outside the list) and the
 *   tour waits until no row is in edition and the n-th row shows its name;
 *   only then is "Add a line" clicked or the notebook page changed;
 * - after "Save" the tour waits for the saved form before checking the list.
 */
const FORM = ".o_form_view .o_form_renderer";
const NO_PICKER = "body:not(:has(.o_datetime_picker))";

function list(field) {
    return `${FORM} .o_field_widget[name='${field}'] .o_list_renderer`;
}
function row(field) {
    return `${list(field)} .o_data_row.o_selected_row`;
}
function addRow(field, n) {
    return [
        {
            // the previous row is committed: no row in edition
            trigger: `${list(field)}:not(:has(.o_selected_row)) .o_field_x2many_list_row_add a`,
            run: "click",
        },
        // the new row is the n-th one and is in edition
        { trigger: `${list(field)} .o_data_row.o_selected_row:nth-child(${n})` },
    ];
}
function cell(field, name, tag, run) {
    return {
        trigger: `${row(field)} .o_field_widget[name='${name}'] ${tag}`,
        run,
    };
}
function dateCell(field, name, value) {
    return [
        cell(field, name, "input", `edit ${value}`),
        // close the date picker inside the row (a click outside the list
        // would be taken by the picker, not by the list)
        cell(field, "name", "input", "click"),
        { trigger: `${NO_PICKER} ${row(field)} .o_field_widget[name='${name}'] input:value("${value}")` },
    ];
}
function pick(field, name, text) {
    const field_ = `${row(field)} .o_field_widget[name='${name}']`;
    return [
        cell(field, name, "input", `edit ${text}`),
        {
            trigger: `${field_} .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(/^${text}$/)`,
            run: "click",
        },
        {
            trigger: `${field_}:not(:has(.o-autocomplete--dropdown-menu)) input:value(/^${text}$/)`,
        },
    ];
}
function commitRow(field, n, name) {
    return [
        { trigger: `${FORM} .oe_title`, run: "click" },
        {
            trigger: `${list(field)}:not(:has(.o_selected_row)) .o_data_row:nth-child(${n}) td[name='name']:contains("${name}")`,
        },
    ];
}
function openPage(title) {
    return [
        { trigger: `${FORM} .o_notebook_headers a:contains("${title}")`, run: "click" },
        { trigger: `${FORM} .o_notebook_headers a.active:contains("${title}")` },
    ];
}

registry.category("web_tour.tours").add("case_plan_tour", {
    steps: () => [
        { trigger: `${FORM}.o_form_saved .case-quality-blocked` },
        {
            trigger: `${FORM} .o_field_widget[name='date_end'] input`,
            run: "edit 12/31/2030",
        },
        { trigger: `${FORM} .oe_title`, run: "click" },
        { trigger: `${NO_PICKER} ${FORM} .o_field_widget[name='date_end'] input:value("12/31/2030")` },
        ...openPage("2. Goals"),
        {
            trigger: `${FORM} .o_field_widget[name='family_participated'] input`,
            run: "click",
        },
        { trigger: `${FORM} .o_field_widget[name='family_participated'] input:checked` },
        // goals
        ...addRow("goal_ids", 1),
        cell("goal_ids", "name", "input", "edit Tomáš goes to school every day"),
        cell("goal_ids", "horizon", "select", 'select "short"'),
        cell("goal_ids", "indicator", "textarea", "edit no unexcused absence"),
        ...dateCell("goal_ids", "target_date", "06/30/2030"),
        cell("goal_ids", "plan_b", "textarea", "edit case conference with the school"),
        ...commitRow("goal_ids", 1, "Tomáš goes to school every day"),
        ...addRow("goal_ids", 2),
        cell("goal_ids", "name", "input", "edit Tomáš chooses a secondary school"),
        cell("goal_ids", "horizon", "select", 'select "long"'),
        cell("goal_ids", "indicator", "textarea", "edit application sent"),
        ...dateCell("goal_ids", "target_date", "11/30/2030"),
        cell("goal_ids", "no_plan_b_needed", "input", "click"),
        cell("goal_ids", "no_plan_b_needed", "input:checked"),
        ...commitRow("goal_ids", 2, "Tomáš chooses a secondary school"),
        // steps, two organisations
        ...openPage("3. Steps"),
        ...addRow("step_ids", 1),
        cell("step_ids", "name", "input", "edit Welcome Tomáš every morning"),
        cell("step_ids", "responsible_type", "select", 'select "external"'),
        ...pick("step_ids", "partner_id", "ZŠ Tourová"),
        ...dateCell("step_ids", "date_due", "02/01/2030"),
        ...commitRow("step_ids", 1, "Welcome Tomáš every morning"),
        ...addRow("step_ids", 2),
        cell("step_ids", "name", "input", "edit Support with homework"),
        cell("step_ids", "responsible_type", "select", 'select "external"'),
        ...pick("step_ids", "partner_id", "SAS Tour"),
        ...dateCell("step_ids", "date_due", "03/01/2030"),
        cell("step_ids", "plan_b", "textarea", "edit volunteer tutor"),
        ...commitRow("step_ids", 2, "Support with homework"),
        { trigger: `${FORM}.o_form_dirty` },
        { trigger: ".o_form_button_save", run: "click" },
        // saved (no pending change) and the checklist read back is green
        { trigger: `${FORM}.o_form_saved .case-quality-ok` },
        { trigger: "button[name='action_activate']", run: "click" },
        { trigger: "button[name='action_record_review']", run: "click" },
        {
            trigger: ".o_field_widget[name='decision'] select",
            run: 'select "adjust"',
        },
        { trigger: "button[name='action_done']", run: "click" },
        { trigger: "button[name='action_open_new_plan']", run: "click" },
        { trigger: ".o_field_widget[name='version']:contains('2')" },
    ],
});
