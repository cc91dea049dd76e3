"""Student screens under /<language>/learn/."""

from . import enrolment, progress, xapi

app_name = "learn"
urlpatterns = [*enrolment.learn_patterns, *progress.learn_patterns, *xapi.learn_patterns]
