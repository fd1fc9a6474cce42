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
    pickTag,
    newMeetingFromCase,
} from "./case_meeting_tour_helpers";

/**
 * A case manager plans a case meeting from the case form: the format, why the
 * meeting is held, the typical participants of the format taken from the
 * circle (OSPOD and the class teacher; the hint names the roles nobody
 * holds), the goal. Then, at a child-involved conference held yesterday, the
 * case manager writes down the child's priorities in the child's own words,
 * links them to the goals of the active plan, drags them into the child's
 * order and applies the ranking to the plan; finally an agreed decision is
 * started.
 *
 * As in case_meeting_tour, every step waits for the result of the previous
 * one: a row of an editable list is committed by clicking the form title and
 * the tour waits until no row is in edition; a many2one is picked by its
 * exact name and the tour waits until the dropdown is closed; every button is
 * followed by a wait for the state it leads to.
 */

function addPriority(position, wish, goal) {
    const field = "child_priority_ids";
    return [
        { trigger: `${idle(field)} .o_field_x2many_list_row_add a`, run: "click" },
        {
            trigger: `${selectedRow(field)} .o_field_widget[name='wish'] textarea`,
            run: `edit ${wish}`,
        },
        ...(goal ? pick(selectedRow(field), "goal_id", goal) : []),
        ...commitRow(
            field,
            `.o_data_row:nth-child(${position}) td[name='wish']:contains("${wish}")`
        ),
    ];
}

const PRIORITIES = list("child_priority_ids");
const DECISIONS = list("decision_ids");

registry.category("web_tour.tours").add("case_meeting_child_tour", {
    steps: () => [
        // 1. from the case to a new case meeting
        ...newMeetingFromCase("case_meeting"),
        // why this meeting
        ...pickTag(FORM, "reason_ids", "Coordinating care or adding a professional"),
        // the roles of a case meeting that nobody in the circle holds
        {
            trigger: `${FORM} .o_field_widget[name='missing_typical_role_names']:contains("Therapist"):not(:contains("OSPOD")):not(:contains("Class teacher"))`,
        },
        // the typical participants come from the circle (the button saves)
        clickButton("action_add_typical_participants"),
        { trigger: `${FORM}.o_form_saved` },
        { trigger: `${list("attendee_ids")} .o_data_row:contains("Mgr. Olga Ospodová")` },
        { trigger: `${list("attendee_ids")} .o_data_row:contains("Mgr. Tereza Třídní")` },
        {
            trigger: `${list("attendee_ids")}:not(:has(.o_data_row:contains("Petra Dětská")))`,
        },
        {
            trigger: `${FORM} .o_field_widget[name='missing_typical_role_names']:contains("Therapist")`,
        },
        {
            trigger: `${FORM} .o_field_widget[name='goal'] textarea`,
            run: "edit Agree with the school and OSPOD how Adam can join the football club",
        },
        { trigger: `${FORM} .oe_title`, run: "click" },
        ...save(),
        {
            trigger: `${FORM} .o_field_widget[name='reason_ids'] .o_tag:contains("Coordinating care")`,
        },

        // 2. the held child-involved conference, from the case's meetings
        { trigger: ".o_breadcrumb .breadcrumb-item a:contains('Meetings')", run: "click" },
        {
            trigger: ".o_list_view .o_data_row:contains('Child-involved conference') td[name='name']",
            run: "click",
        },
        {
            trigger: `${FORM}.o_form_saved .o_field_widget[name='meeting_format']:contains("Child-involved conference")`,
        },
        ...openPage("minutes"),
        // the child's priorities as the child said them...
        ...addPriority(1, "Chodit zase do školy", "Regular school attendance"),
        ...addPriority(2, "Aby se máma s tátou doma nehádali", "A calm home after school"),
        ...addPriority(3, "Chci chodit na fotbal"),
        // ... then the child puts a calm home first
        {
            trigger: `${idle("child_priority_ids")} .o_data_row:nth-child(2) .o_row_handle`,
            async run(helpers) {
                await helpers.drag_and_drop(`${PRIORITIES} .o_data_row:nth-child(1)`);
            },
        },
        {
            trigger: `${PRIORITIES} .o_data_row:nth-child(1) td[name='wish']:contains("nehádali")`,
        },
        {
            trigger: `${PRIORITIES} .o_data_row:nth-child(2) td[name='wish']:contains("Chodit zase do školy")`,
        },
        ...save(),
        {
            trigger: `${PRIORITIES} .o_data_row:nth-child(1) td[name='rank']:contains("1")`,
        },
        // the ranking becomes the order of the plan's goals
        {
            trigger: `${FORM} button[name='action_apply_child_ranking']`,
            run: "click",
        },
        confirmDialog(),
        {
            trigger: `${PRIORITIES} .o_data_row:nth-child(3) td[name='goal_id']:contains("Chci chodit na fotbal")`,
        },
        {
            trigger: `${PRIORITIES}:not(:has(td[name='applied'] input:not(:checked)))`,
        },

        // 3. the agreed decision is under way
        {
            trigger: `${idle("decision_ids")} .o_data_row:contains("Enrol Adam in the football club") button[name='action_start']`,
            run: "click",
        },
        {
            trigger: `${DECISIONS} .o_data_row:contains("Enrol Adam") td[name='state'] .badge:contains("In Progress")`,
        },
        {
            trigger: `${DECISIONS} .o_data_row:contains("Enrol Adam"):not(:has(button[name='action_start']))`,
        },
    ],
});
