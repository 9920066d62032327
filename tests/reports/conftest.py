"""The report tests read the same zone, projects, named users and rates as the project tests."""

from tests.projects.conftest import *  # noqa: F403
