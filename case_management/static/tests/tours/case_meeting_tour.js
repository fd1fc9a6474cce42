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
 * A case manager plans a case conference from the case form: format, goal,
 * facilitator and minute-taker, the circle plus an internal colleague; the
 * slot finder proposes dates and one is chosen; the invitations go out (the
 * consent gate refuses the uncovered invitees); the meeting is held, the
 * attendance recorded, the minutes written (an item summary, a decision),
 * approved and distributed.
 *
 * As in case_plan_tour, every step waits for the result of the previous one:
 * a row of an editable list is committed by clicking the form title and the
 * tour waits until no row is in edition; a many2one is picked by its exact
 * name and the tour waits until the dropdown is closed; every button is
 * followed by a wait for the state it leads to.
 */
const DIALOG = ".modal .o_form_view";

function setAttendance(person, value, label) {
    return [
        {
            trigger: `${idle("attendee_ids")} .o_data_row:contains("${person}") td[name='attendance']`,
            run: "click",
        },
        {
            trigger: `${selectedRow("attendee_ids")} .o_field_widget[name='attendance'] select`,
            run: `select "${value}"`,
        },
        ...commitRow(
            "attendee_ids",
            `.o_data_row:contains("${person}") td[name='attendance']:contains("${label}")`
        ),
    ];
}
registry.category("web_tour.tours").add("case_meeting_tour", {
    steps: () => [
        // from the case to a new meeting
        ...newMeetingFromCase("case_conference"),
        // the conference's agenda template is proposed
        ...openPage("agenda"),
        {
            trigger: `${list("agenda_ids")} .o_data_row:contains("The family's view")`,
        },
        ...openPage("attendees"),
        {
            trigger: `${FORM} .o_field_widget[name='goal'] textarea`,
            run: "edit Agree with the family and the school how Tomáš gets to school every day",
        },
        ...pick(FORM, "facilitator_user_id", "Karel Kolega"),
        ...pick(FORM, "minute_taker_user_id", "Marta Manažerská"),
        // the circle (professionals and the parent), then a colleague by hand
        clickButton("action_add_circle"),
        { trigger: `${list("attendee_ids")} .o_data_row:contains("Mgr. Eva Pokrytá")` },
        { trigger: `${list("attendee_ids")} .o_data_row:contains("Bc. Jan Nekrytý")` },
        { trigger: `${list("attendee_ids")} .o_data_row:contains("Lenka Schůzková")` },
        {
            trigger: `${idle("attendee_ids")} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        ...pick(selectedRow("attendee_ids"), "partner_id", "Karel Kolega"),
        ...commitRow(
            "attendee_ids",
            `.o_data_row:nth-child(4) td[name='partner_id']:contains("Karel Kolega")`
        ),
        ...save(),
        // the slot finder: the organiser and the colleague are required
        {
            trigger: `${FORM} .o_statusbar_buttons button:contains("Find a Date")`,
            run: "click",
        },
        {
            trigger: `${DIALOG} .o_field_widget[name='required_user_ids'] .o_tag:contains("Karel Kolega")`,
        },
        { trigger: `${DIALOG} .o_field_widget[name='required_user_ids'] .o_tag:contains("Marta Manažerská")` },
        { trigger: ".modal button[name='action_search']", run: "click" },
        {
            trigger: `${DIALOG} .o_field_widget[name='line_ids'] .o_data_row:first-child button[name='action_choose']`,
            run: "click",
        },
        // back on the meeting: the slot is its time, the private event exists
        { trigger: "body:not(:has(.modal))" },
        { trigger: `${FORM}.o_form_saved` },
        { trigger: ".o_form_view .o-form-buttonbox button[name='action_open_event']" },
        {
            trigger: `${FORM} .o_field_widget[name='start'] input:not(:value(""))`,
        },
        // invitations through the consent gate
        clickButton("action_send_invitations"),
        confirmDialog(),
        {
            trigger: ".o_notification:contains('Some invitees were not invited'):contains('Bc. Jan Nekrytý')",
        },
        state("invited"),
        invitation("Mgr. Eva Pokrytá", "Invited"),
        invitation("Bc. Jan Nekrytý", "Refused by consent"),
        // the meeting took place: attendance
        clickButton("action_mark_held"),
        state("held"),
        ...setAttendance("Mgr. Eva Pokrytá", "present", "Present"),
        ...setAttendance("Bc. Jan Nekrytý", "absent", "Absent"),
        ...setAttendance("Lenka Schůzková", "present", "Present"),
        ...setAttendance("Karel Kolega", "excused_written", "Excused, written input"),
        ...save(),
        // the minutes
        clickButton("action_start_minutes"),
        { trigger: `${FORM}.o_form_saved .o_notebook_headers a[name='minutes']` },
        ...openPage("minutes"),
        {
            trigger: `${idle("minutes_item_ids")} .o_data_row:first-child td[name='summary']`,
            run: "click",
        },
        {
            trigger: `${selectedRow("minutes_item_ids")} .o_field_widget[name='summary'] textarea`,
            run: "edit Everyone introduced themselves; the mother agreed with the rules.",
        },
        ...commitRow(
            "minutes_item_ids",
            `.o_data_row:first-child td[name='summary']:contains("the mother agreed")`
        ),
        {
            trigger: `${idle("decision_ids")} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${selectedRow("decision_ids")} .o_field_widget[name='what'] input`,
            run: "edit Walk Tomáš to school for two weeks",
        },
        ...pick(selectedRow("decision_ids"), "user_id", "Karel Kolega"),
        ...commitRow(
            "decision_ids",
            `.o_data_row:first-child td[name='what']:contains("Walk Tomáš to school")`
        ),
        ...save(),
        // approval and distribution
        clickButton("action_approve_minutes"),
        {
            trigger: `${FORM}.o_form_saved .o_field_widget[name='minutes_approved_by_id']:contains("Marta Manažerská")`,
        },
        clickButton("action_distribute_minutes"),
        confirmDialog(),
        {
            trigger: `${FORM}.o_form_saved .o_field_widget[name='minutes_state']:contains("Distributed")`,
        },
        {
            trigger: `${FORM} .o_field_widget[name='delivery_ids'] .o_data_row:contains("Bc. Jan Nekrytý"):contains("Refused by consent")`,
        },
        {
            trigger: `${FORM} .o_field_widget[name='delivery_ids'] .o_data_row:contains("Mgr. Eva Pokrytá") td[name='state']:contains(/Queued|Sent/)`,
        },
    ],
});
