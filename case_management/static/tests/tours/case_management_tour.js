/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A case manager records a household with two members, opens a case for it,
 * adds a professional to the circle and a risk factor.
 */
registry.category("web_tour.tours").add("case_management_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: '.o_app[data-menu-xmlid="case_management.case_management_menu_root"]',
            run: "click",
        },
        {
            trigger: '.o_menu_sections [data-menu-xmlid="case_management.case_family_menu"]',
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Domácnost Tourových",
        },
        // first member: the mother
        {
            trigger: ".o_field_widget[name='member_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_selected_row .o_field_widget[name='name'] input",
            run: "edit Marie Tourová",
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_selected_row .o_field_widget[name='family_role'] select",
            run: 'select "parent"',
        },
        // second member: the child
        {
            trigger: ".o_field_widget[name='member_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_data_row:nth-child(2).o_selected_row .o_field_widget[name='name'] input",
            run: "edit Tomáš Tour",
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_selected_row .o_field_widget[name='family_role'] select",
            run: 'select "child"',
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_selected_row .o_field_widget[name='birthdate'] input",
            run: "edit 05/14/2015",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='housing_type'] select",
            run: 'select "social_flat"',
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='code']:not(:contains('/'))",
        },
        {
            trigger: ".o_field_widget[name='member_ids'] .o_data_row:contains('Tomáš Tour')",
        },
        // open a case for the household
        {
            trigger: "button[name='action_new_case']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='focus_partner_ids'] .o_tag:contains('Tomáš Tour')",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Intake')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='referral_source'] select",
            run: 'select "school"',
        },
        // the circle of professionals
        {
            trigger: ".o_notebook .nav-link:contains('Circle of Professionals')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='participant_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='participant_ids'] .o_selected_row .o_field_widget[name='partner_id'] input",
            run: "edit Mgr. Eva Tourová",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Create')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='participant_ids'] .o_selected_row .o_field_widget[name='role_id'] input",
            run: "edit OSPOD",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('OSPOD social worker')",
            run: "click",
        },
        // a risk factor
        {
            trigger: ".o_notebook .nav-link:contains('Protective & Risk Factors')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='current_factor_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='current_factor_ids'] .o_selected_row .o_field_widget[name='kind'] select",
            run: 'select "risk"',
        },
        {
            trigger: ".o_field_widget[name='current_factor_ids'] .o_selected_row .o_field_widget[name='category_id'] input",
            run: "edit Finances",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Finances and debts')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='current_factor_ids'] .o_selected_row .o_field_widget[name='description'] textarea",
            run: "edit Unread post with enforcement notices",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name']:contains('CM-')",
        },
        {
            trigger: "button[name='action_view_factors'] .o_stat_value:contains('1')",
        },
        {
            trigger: "button[name='action_view_participants'] .o_stat_value:contains('1')",
        },
    ],
});
