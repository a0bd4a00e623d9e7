"""Writes of the appointments app: officers' hours (`hours`), booking (`booking`) and what
follows it (`lifecycle`); `_common` holds what the last two share."""

from borikan.appointments.services._common import may_act_as_officer, may_act_as_staff
from borikan.appointments.services.booking import appointment_book, appointments_repoint_contact
from borikan.appointments.services.hours import (
    calendar_feed_renew,
    exception_add,
    exception_remove,
    window_add,
    window_remove,
)
from borikan.appointments.services.lifecycle import (
    appointment_accept,
    appointment_cancel,
    appointment_check_in,
    appointment_complete,
    appointment_confirm,
    appointment_no_show,
    appointment_propose,
    appointment_remind,
    appointment_reschedule,
)

__all__ = [
    "appointment_accept",
    "appointment_book",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_complete",
    "appointment_confirm",
    "appointment_no_show",
    "appointment_propose",
    "appointment_remind",
    "appointment_reschedule",
    "appointments_repoint_contact",
    "calendar_feed_renew",
    "exception_add",
    "exception_remove",
    "may_act_as_officer",
    "may_act_as_staff",
    "window_add",
    "window_remove",
]
