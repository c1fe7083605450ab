"""Signals other parts of the platform listen to.

``course_completed`` is sent once per enrolment, after the transaction that first met the
course's completion rule has committed: ``course_completed.send(sender=Enrolment,
enrolment=enrolment)``. ``courses.signal_handlers`` issues the certificate on it.
"""

from django.dispatch import Signal

course_completed = Signal()
