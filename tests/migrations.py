"""Moving the test database between migrations, for the tests of a data migration
(a transactional test: `@pytest.mark.django_db(transaction=True)`)."""

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> Apps:
    """The database at these migrations; the models as the database then holds them.

    Going back to a migration unapplies only what depends on it: another app's later
    migrations that do not (a column added since) stay applied. So the models are those of
    every migration still applied, not only of the targets' ancestors, or a row made
    through them would miss a column the database requires."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def migrate_to_the_latest() -> None:
    """Every app at its newest migration again: going back unapplied what depends on the
    later migrations (other apps' too), and the models of the tests after it are today's."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
