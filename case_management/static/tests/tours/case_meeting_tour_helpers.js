/** @odoo-module */

/**
 * Steps shared by the meeting tours. Every step waits for the result of the
 * previous one: a row of an editable list is committed by clicking the form
 * title and the tour waits until no row is in edition; a many2one is picked by
 * its exact name and the tour waits until the dropdown is closed; every button
 * is followed by a wait for the state it leads to.
 */
export const FORM = ".o_form_view .o_form_renderer";

export function list(field) {
    return `${FORM} .o_field_widget[name='${field}'] .o_list_renderer`;
}
export function selectedRow(field) {
    return `${list(field)} .o_data_row.o_selected_row`;
}
export function idle(field) {
    return `${list(field)}:not(:has(.o_selected_row))`;
}
export function pick(scope, name, text) {
    const field = `${scope} .o_field_widget[name='${name}']`;
    return [
        { trigger: `${field} input`, run: `edit ${text}` },
        {
            trigger: `${field} .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(/^${text}$/)`,
            run: "click",
        },
        {
            trigger: `${field}:not(:has(.o-autocomplete--dropdown-menu)) input:value(/^${text}$/)`,
        },
    ];
}
export function commitRow(field, check) {
    return [
        { trigger: `${FORM} .oe_title`, run: "click" },
        { trigger: `${idle(field)} ${check}` },
    ];
}
export function openPage(name) {
    return [
        { trigger: `${FORM} .o_notebook_headers a[name='${name}']`, run: "click" },
        { trigger: `${FORM} .o_notebook_headers a.active[name='${name}']` },
    ];
}
export function clickButton(name) {
    return { trigger: `${FORM} .o_statusbar_buttons button[name='${name}']`, run: "click" };
}
export function confirmDialog() {
    return { trigger: ".modal .modal-footer .btn-primary", run: "click" };
}
export function save() {
    return [
        { trigger: `${FORM}.o_form_dirty` },
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: `${FORM}.o_form_saved` },
    ];
}
