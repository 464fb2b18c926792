"""English texts for the reminders part of Meldpunt."""

MESSAGES: dict[str, str] = {
    # Reminders of the 72-hour deadline (GDPR Art. 33(1))
    "reminder.text": "Reminder for incident {case}: {clock}",
    "reminder.heading": ":alarm_clock: *Reminder, duty to notify: incident {case}*",
    "reminder.left": "*{duration}* left until the 72-hour deadline for notifying the supervisory authority: {deadline}.",
    "reminder.overdue": "The 72-hour deadline passed *{duration}* ago ({deadline}). Notify as soon as possible and record the reason for the delay (GDPR Art. 33(1)).",
    "reminder.open_items": "*Open items:* {items}",
    "reminder.step": "Not escalated to the IRT yet. Current step: {step}.",
    "reminder.record": "Record the notification",
    "reminder.status": "View status",
    "reminder.stop_hint": "Reminders stop once the notification to the authority is recorded, the DPO decides no notification is needed, or the incident is closed.",
    # Review steps that wait too long
    "nudge.text": "Incident {case} has been waiting {duration} for: {step}.",
    "nudge.dpo": "This is taking long: the DPO has been told too.",
}
