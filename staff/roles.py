"""Staff groups with the least privilege each job needs. The data migration
0001_groups creates them; run `manage.py migrate` again after changing this file's
permissions only through a new migration that calls `sync_groups` (0002_record_models
gave editors the legal record, 0003_flood_reviewers added the flood reviewers, 0004_letters
the guidance for letters and the letters' counts to view, 0005_supporters the Campaign
managers and the mailings, 0006_mirrors the mirrors to editors, 0008_officials the
officials and the letters to them, 0009_news the list of news to editors and campaign
managers)."""

from django.utils.translation import gettext_noop

CONTENT_MODELS = {
    # The profiles and their legal record (docs/architecture.md). Importing and
    # exporting need only these: django-import-export asks for add to import and view to
    # export (IMPORT_EXPORT_*_PERMISSION_CODE in config/settings.py).
    "prisoners": [
        "person",
        "event",
        "quote",
        "relation",
        "source",
        "criminalarticle",
        "casearticle",
        "verdict",
        "statuschange",
        "stay",
        "placeofdetention",
        "recognition",
        "methodology",
        "letterguidance",
        "letterphrase",
    ],  # fmt: skip
    "stories": ["story"],
    "campaigns": ["campaign", "campaignupdate"],
    # The other addresses of the site, for when it is blocked (issue 32).
    "mirrors": ["mirror"],
    # Write to an official: the officials with their sourced addresses, the letters to
    # them (issue 33).
    "officials": ["official", "officialletter"],
}

ROLES = {
    # Write and correct profiles, stories, appeals and their updates (preview them and
    # send a test to themselves). Never sees a signer or a follower, and sends nothing to
    # them: a new status change or story they publish emails its people's followers.
    # Letters visitors said they sent are counts, not content: editors see them.
    gettext_noop("Editors"): [
        f"{app}.{action}_{model}"
        for app, models in CONTENT_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ]
    + [
        "prisoners.view_letter",
        "officials.view_lettertoofficial",
        "supporters.view_mailing",
        "news.view_news",
    ],
    # Send updates, responses and outcomes to the signers who asked for news, pause and
    # resume mailings, and download the handover pack (public names and totals). Sees
    # how many will be emailed, never who.
    gettext_noop("Campaign managers"): [
        "campaigns.view_campaign",
        "campaigns.view_campaignupdate",
        "campaigns.download_handover",
        "supporters.view_mailing",
        "supporters.send_mailing",
        "news.view_news",
    ],
    # Approve or reject public comments. Sees names and comments, not emails.
    gettext_noop("Moderators"): [
        "campaigns.view_campaign",
        "campaigns.view_signature",
        "campaigns.change_signature",
    ],
    # Watch for floods of fake signatures, set them aside from the totals (and restore
    # them), keep the block lists. Sees names, IP hashes and the domain of a flood, never
    # an address.
    gettext_noop("Flood reviewers"): [
        "campaigns.view_campaign",
        "campaigns.view_signature",
        "campaigns.view_signatureinvalidation",
        "campaigns.invalidate_signatures",
        *(
            f"campaigns.{action}_{model}"
            for model in ("blockedemaildomain", "blockedaddress")
            for action in ("add", "change", "delete", "view")
        ),
    ],
    # Export the consenting signers of a campaign (public names, no addresses), download
    # the handover pack, and erase follows and refused addresses on request.
    gettext_noop("Data officers"): [
        "campaigns.view_campaign",
        "campaigns.view_signature",
        "campaigns.export_signatures",
        "campaigns.download_handover",
        "audience.view_supporter",
        "audience.delete_supporter",
        "supporters.view_suppressedaddress",
        "supporters.delete_suppressedaddress",
        "supporters.view_mailing",
    ],
}


def sync_groups(apps) -> None:
    """Create each group and give it exactly the permissions listed above."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            # An earlier migration of this app runs with today's ROLES, which may name
            # a model a later migration adds: its permission is given by the migration
            # that adds it (each depends on its model's). tests/staff/test_groups.py
            # checks every group's permissions once everything has run.
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)
