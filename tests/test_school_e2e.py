"""School attendance over the live server: a principal imports a CSV through
the standard import (JSON-RPC, as the web client does), re-imports it
corrected (replaced, not duplicated), a bad file is refused with its rows and
writes nothing; the school user never reaches a case; the nightly watch-list
job runs through the scheduler's own entry point with its committed batches.
"""

import uuid
from datetime import date, timedelta

import pytest

from .helpers import RPCError, create_partner, import_attendance


@pytest.fixture()
def school(admin, base_url, db_name):
    from .helpers import OdooClient

    token = uuid.uuid4().hex[:8]
    year_name = f"E2E {token}"
    school_id = create_partner(admin, f"ZŠ {token}", is_company=True, is_school=True)
    group = admin.call(
        "ir.model.data",
        "check_object_reference",
        "case_management_school",
        "case_management_school_group_staff",
    )[1]
    login = f"reditel-{token}"
    user_id = admin.call(
        "res.users",
        "create",
        {
            "name": f"Ředitel {token}",
            "login": login,
            "password": login,
            "groups_id": [[6, 0, [group]]],
        },
    )
    partner_id = admin.call("res.users", "read", [user_id], ["partner_id"])[0][
        "partner_id"
    ][0]
    admin.call(
        "case.school.staff",
        "create",
        {
            "school_id": school_id,
            "partner_id": partner_id,
            "user_id": user_id,
            "role": "principal",
        },
    )
    year_id = admin.call(
        "case.school.year",
        "create",
        {"name": year_name, "date_from": "2030-09-01", "date_to": "2031-06-30"},
    )
    class_id = admin.call(
        "case.school.class",
        "create",
        {"name": "3. A", "school_id": school_id, "year_id": year_id, "grade": 3},
    )
    child = create_partner(admin, f"Žák {token}")
    pupil_id = admin.call(
        "case.school.pupil",
        "create",
        {"partner_id": child, "pupil_code": f"E{token}", "class_id": class_id},
    )
    client = OdooClient(base_url, db_name)
    client.login(login, login)
    return {
        "client": client,
        "code": f"E{token}",
        "year": year_name,
        "pupil_id": pupil_id,
    }


def _rows(admin, pupil_id):
    return admin.call(
        "case.school.attendance",
        "search_read",
        [("pupil_id", "=", pupil_id)],
        fields=["date", "excused_hours", "unexcused_hours"],
        order="date",
    )


def test_import_reimport_and_bad_file(admin, school):
    client, code, year = school["client"], school["code"], school["year"]
    result = import_attendance(
        client,
        [
            f"{code},{year},2030-10-01,0,5,0,5,0,in_person",
            f"{code},{year},2030-10-02,0,5,2,0,1,online",
        ],
    )
    assert len(result["ids"]) == 2, result["messages"]
    result = import_attendance(
        client, [f"{code},{year},2030-10-01,0,5,5,0,0,in_person"]
    )
    assert len(result["ids"]) == 1, result["messages"]
    rows = _rows(admin, school["pupil_id"])
    assert [(r["date"], r["excused_hours"], r["unexcused_hours"]) for r in rows] == [
        ("2030-10-01", 5.0, 0.0),
        ("2030-10-02", 2.0, 0.0),
    ]
    result = import_attendance(
        client,
        [
            f"{code},{year},2030-10-03,0,5,0,0,0,in_person",
            f"NOBODY,{year},2030-10-03,0,5,0,0,0,in_person",
            f"{code},{year},2030-10-06,0,3,2,2,0,in_person",
        ],
    )
    assert not result["ids"]
    messages = " ".join(m["message"] for m in result["messages"])
    assert "Row 3 (NOBODY, 2030-10-03)" in messages
    assert "Row 4" in messages
    assert len(_rows(admin, school["pupil_id"])) == 2


def test_school_user_never_reaches_cases(school):
    client = school["client"]
    for model in ("case.case", "case.factor", "case.consent"):
        with pytest.raises(RPCError) as error:
            client.call(model, "search_read", [], fields=["id"], limit=1)
        assert error.value.name == "odoo.exceptions.AccessError", model


def test_watch_list_job_runs_from_the_scheduler(admin):
    """The scheduled job (commit=True, committed batches) puts a pupil over
    the school's threshold on the watch list."""
    token = uuid.uuid4().hex[:8]
    today = date.today()
    school_id = create_partner(
        admin,
        f"ZŠ {token}",
        is_company=True,
        is_school=True,
        school_unexcused_limit=5,
    )
    year_id = admin.call(
        "case.school.year",
        "create",
        {
            "name": f"E2E now {token}",
            "date_from": str(today - timedelta(days=100)),
            "date_to": str(today + timedelta(days=100)),
        },
    )
    class_id = admin.call(
        "case.school.class",
        "create",
        {"name": "6. A", "school_id": school_id, "year_id": year_id, "grade": 6},
    )
    pupils = [
        admin.call(
            "case.school.pupil",
            "create",
            {
                "partner_id": create_partner(admin, f"Žák {n} {token}"),
                "pupil_code": f"{n}{token}",
                "class_id": class_id,
            },
        )
        for n in ("W", "F")
    ]
    admin.call(
        "case.school.attendance",
        "create",
        {
            "pupil_id": pupils[0],
            "date": str(today),
            "lessons": 6,
            "unexcused_hours": 6,
        },
    )
    cron = admin.call(
        "ir.model.data",
        "check_object_reference",
        "case_management_school",
        "ir_cron_school_watch_list",
    )[1]
    admin.call("ir.cron", "method_direct_trigger", [cron])
    rows = admin.call(
        "case.school.pupil",
        "read",
        pupils,
        ["is_watched", "watch_checked_on", "watch_reasons"],
    )
    assert [r["is_watched"] for r in rows] == [True, False]
    assert all(r["watch_checked_on"] == str(today) for r in rows)
    assert "6.0 unexcused hours" in rows[0]["watch_reasons"]
