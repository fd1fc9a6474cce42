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
/**
 * The longest wait for an autocomplete's server answer (name_search) before
 * the step fails: a slow machine can take longer than the 10 s default. This
 * is a limit, not a pause: the step goes on as soon as the item is there.
 */
export const SLOW = 30000;

/** The exact text, as a :contains() pattern (case and spacing as shown). */
function exactly(text) {
    return `/^${text}$/`;
}

/**
 * Pick the record named exactly `text` in the many2one `name` under `scope`:
 * type it, wait for the dropdown item with exactly that text (not a partial
 * match, not "Create" or "Search More"), click it and wait until the dropdown
 * is closed and the input shows the name.
 */
export function pick(scope, name, text) {
    const field = `${scope} .o_field_widget[name='${name}']`;
    return [
        { trigger: `${field} input`, run: `edit ${text}` },
        {
            trigger: `${field} .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(${exactly(text)})`,
            run: "click",
            timeout: SLOW,
        },
        {
            // On a busy server a late answer of the autocomplete can open the
            // dropdown again after the pick: pick the same record again.
            trigger: `${field} input:value(${exactly(text)})`,
            run() {
                const items = document.querySelectorAll(
                    `${field} .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a`
                );
                const again = [...items].find((a) => a.textContent.trim() === text);
                if (again) {
                    again.click();
                }
            },
            timeout: SLOW,
        },
        {
            trigger: `${field}:not(:has(.o-autocomplete--dropdown-menu)) input:value(${exactly(text)})`,
            timeout: SLOW,
        },
    ];
}

/**
 * Add the record named exactly `text` to the many2many tags `name` under
 * `scope`, then wait until the dropdown is closed and its tag is shown.
 */
export function pickTag(scope, name, text) {
    const field = `${scope} .o_field_widget[name='${name}']`;
    return [
        { trigger: `${field} input`, run: `edit ${text}` },
        {
            trigger: `${field} .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(${exactly(text)})`,
            run: "click",
            timeout: SLOW,
        },
        {
            trigger: `${field}:not(:has(.o-autocomplete--dropdown-menu)) .o_tag_badge_text:contains(${exactly(text)})`,
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

/** Wait until the saved meeting is in `value` (its status bar). */
export function state(value) {
    return {
        trigger: `${FORM}.o_form_saved .o_field_widget[name='state'] button.o_arrow_button_current[data-value='${value}']`,
    };
}

/** Wait until `person`'s invitee line shows the invitation state `label`. */
export function invitation(person, label) {
    return {
        trigger: `${list("attendee_ids")} .o_data_row:contains("${person}") td[name='invitation_state']:contains("${label}")`,
    };
}

/**
 * From the saved case form to a new meeting of `format` (the Meetings smart
 * button is under "More" at the tours' window size).
 */
export function newMeetingFromCase(format) {
    return [
        { trigger: `${FORM}.o_form_saved` },
        { trigger: ".o_form_view .o-form-buttonbox .o_button_more", run: "click" },
        { trigger: ".o_dropdown_more button[name='action_view_meetings']", run: "click" },
        { trigger: ".o_list_view .o_list_button_add", run: "click" },
        {
            trigger: `${FORM} .o_field_widget[name='meeting_format'] select`,
            run: `select "${format}"`,
        },
    ];
}
