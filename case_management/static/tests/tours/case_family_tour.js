/** @odoo-module */

import { registry } from "@web/core/registry";
import {
    FORM,
    list,
    selectedRow,
    idle,
    pick,
    commitRow,
    openPage,
    clickButton,
    confirmDialog,
    save,
    state,
    invitation,
    newMeetingFromCase,
} from "./case_meeting_tour_helpers";

/**
 * The family is not a third party (issue 16), in Czech: a case manager plans
 * a case conference with both parents (each in their own household) and the
 * child (no e-mail address), sends the invitations, holds it and distributes
 * the minutes. No consent-refusal warning names the parents: they are
 * invited, the child through a parent, and each parent gets the family's
 * copy.
 */
function invited(person) {
    return invitation(person, "Pozváno");
}

registry.category("web_tour.tours").add("case_family_tour", {
    steps: () => [
        ...newMeetingFromCase("case_conference"),
        ...openPage("attendees"),
        {
            trigger: `${FORM} .o_field_widget[name='goal'] textarea`,
            run: "edit Domluvit se s rodiči a školou, jak se Anička vrátí do školy",
        },
        {
            trigger: `${FORM} .o_field_widget[name='start'] input`,
            run: "edit 15.03.2027 10:00:00",
        },
        ...pick(FORM, "minute_taker_user_id", "Marta Rodinná"),
        // the circle: the professional and both parents, from both households
        clickButton("action_add_circle"),
        { trigger: `${list("attendee_ids")} .o_data_row:contains("Mgr. Eva Učitelová")` },
        { trigger: `${list("attendee_ids")} .o_data_row:contains("Petra Nová")` },
        { trigger: `${list("attendee_ids")} .o_data_row:contains("Pavel Nový")` },
        // the child, by hand
        {
            trigger: `${idle("attendee_ids")} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        ...pick(selectedRow("attendee_ids"), "partner_id", "Anička Nová"),
        ...commitRow(
            "attendee_ids",
            `.o_data_row td[name='partner_id']:contains("Anička Nová")`
        ),
        ...save(),
        // no consent warning for the family before sending
        {
            trigger: `${FORM}:not(:has(.o_field_widget[name='warning_html']:contains("Pavel Nový")))`,
        },
        clickButton("action_send_invitations"),
        confirmDialog(),
        state("invited"),
        invited("Petra Nová"),
        invited("Pavel Nový"),
        invited("Anička Nová"),
        invited("Mgr. Eva Učitelová"),
        // nobody was refused: no warning notification
        { trigger: "body:not(:has(.o_notification:contains('nebyli pozváni')))" },
        // held and minuted
        clickButton("action_mark_held"),
        state("held"),
        clickButton("action_start_minutes"),
        { trigger: `${FORM}.o_form_saved .o_notebook_headers a[name='minutes']` },
        ...openPage("minutes"),
        {
            trigger: `${idle("minutes_item_ids")} .o_data_row:first-child td[name='summary']`,
            run: "click",
        },
        {
            trigger: `${selectedRow("minutes_item_ids")} .o_field_widget[name='summary'] textarea`,
            run: "edit Rodiče i škola se shodli na postupném návratu Aničky do školy.",
        },
        ...commitRow(
            "minutes_item_ids",
            `.o_data_row:first-child td[name='summary']:contains("postupném návratu")`
        ),
        ...save(),
        clickButton("action_approve_minutes"),
        {
            trigger: `${FORM}.o_form_saved .o_field_widget[name='minutes_approved_by_id']:contains("Marta Rodinná")`,
        },
        clickButton("action_distribute_minutes"),
        confirmDialog(),
        {
            trigger: `${FORM}.o_form_saved .o_field_widget[name='minutes_state']:contains("Rozesláno")`,
        },
        {
            trigger: `${FORM} .o_field_widget[name='delivery_ids'] .o_data_row:contains("Petra Nová")`,
        },
        {
            trigger: `${FORM} .o_field_widget[name='delivery_ids'] .o_data_row:contains("Pavel Nový")`,
        },
        {
            trigger: `${FORM} .o_field_widget[name='delivery_ids']:not(:has(.o_data_row:contains("Odmítnuto")))`,
        },
    ],
});
