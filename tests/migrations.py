"""Moving the test database between migrations, for the tests of a data migration
(a transactional test: `@pytest.mark.django_db(transaction=True)`)."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> Apps:
    """The database at these migrations; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_the_latest() -> None:
    """Every app at its newest migration again: going back unapplied what depends on the
    later migrations (other apps' too), and the models of the tests after it are today's."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
