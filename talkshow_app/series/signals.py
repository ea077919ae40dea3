"""Events other features react to inside the same transaction (mails, calendar updates).

Senders emit before they commit; receivers add rows to the same session and never commit, so
a change and the mails it causes are stored together or not at all.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the (published) Talkshow, sequence already raised; kwargs: changes=set of {"time", "venue"},
# previous={"starts_at", "ends_at", "venue_id", "venue_name", "venue_address"} before the change.
talkshow_rescheduled = _signals.signal("talkshow-rescheduled")
# sender: the Talkshow (already marked cancelled); kwargs: reason=str | None, the organiser's words for the mail
# (also stored as talkshow.cancellation_reason). Receivers that mail answer with the list of rows they queued,
# so the sender can tell the organiser how many people get a message (also for talkshow_rescheduled).
talkshow_cancelled = _signals.signal("talkshow-cancelled")
# sender: the Talkshow; kwargs: previous_capacity=int. Waiting lists are promoted on this.
capacity_changed = _signals.signal("capacity-changed")
