/** @odoo-module */

import { registry } from "@web/core/registry";

/**
 * A case manager builds the family plan of a case: a short- and a long-term
 * goal, two steps for different organisations and a plan B; the quality
 * checklist turns green, the plan is activated and a review creates version 2.
 */
function addRow(field) {
    return {
        trigger: `.o_field_widget[name='${field}'] .o_field_x2many_list_row_add a`,
        run: "click",
    };
}
function cell(field, name, tag, run) {
    return {
        trigger: `.o_field_widget[name='${field}'] .o_selected_row .o_field_widget[name='${name}'] ${tag}`,
        run,
    };
}
function pick(field, name, text) {
    return [
        cell(field, name, "input", `edit ${text}`),
        {
            trigger: `.o-autocomplete--dropdown-item:contains("${text}")`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("case_plan_tour", {
    steps: () => [
        { trigger: ".case-quality-blocked" },
        {
            trigger: ".o_field_widget[name='date_end'] input",
            run: "edit 12/31/2030",
        },
        { trigger: ".o_notebook_headers a:contains('2. Goals')", run: "click" },
        {
            trigger: ".o_field_widget[name='family_participated'] input",
            run: "click",
        },
        // goals
        addRow("goal_ids"),
        cell("goal_ids", "name", "input", "edit Tomáš goes to school every day"),
        cell("goal_ids", "horizon", "select", 'select "short"'),
        cell("goal_ids", "indicator", "textarea", "edit no unexcused absence"),
        cell("goal_ids", "target_date", "input", "edit 06/30/2030"),
        cell("goal_ids", "plan_b", "textarea", "edit case conference with the school"),
        addRow("goal_ids"),
        cell("goal_ids", "name", "input", "edit Tomáš chooses a secondary school"),
        cell("goal_ids", "horizon", "select", 'select "long"'),
        cell("goal_ids", "indicator", "textarea", "edit application sent"),
        cell("goal_ids", "target_date", "input", "edit 11/30/2030"),
        cell("goal_ids", "no_plan_b_needed", "input", "click"),
        // steps, two organisations
        {
            trigger: ".o_notebook_headers a:contains('3. Steps')",
            run: "click",
        },
        addRow("step_ids"),
        cell("step_ids", "name", "input", "edit Welcome Tomáš every morning"),
        cell("step_ids", "responsible_type", "select", 'select "external"'),
        ...pick("step_ids", "partner_id", "ZŠ Tourová"),
        cell("step_ids", "date_due", "input", "edit 02/01/2030"),
        addRow("step_ids"),
        cell("step_ids", "name", "input", "edit Support with homework"),
        cell("step_ids", "responsible_type", "select", 'select "external"'),
        ...pick("step_ids", "partner_id", "SAS Tour"),
        cell("step_ids", "date_due", "input", "edit 03/01/2030"),
        cell("step_ids", "plan_b", "textarea", "edit volunteer tutor"),
        { trigger: ".o_form_button_save", run: "click" },
        { trigger: ".case-quality-ok" },
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
