"""Each mailing's news (news.News) written from its five nullable columns, its kind
and its topic; and back."""

from django.db import migrations

# The kind of a mailing: what its news is about, and the subject's model.
SUBJECTS = {
    "update": ("campaigns", "campaignupdate", "update_id"),
    "response": ("campaigns", "campaign", "campaign_id"),
    "outcome": ("campaigns", "campaign", "campaign_id"),
    "status_change": ("prisoners", "statuschange", "status_change_id"),
    "story": ("stories", "story", "story_id"),
}


def _topic_id(topic: str) -> int:
    """The subject's id in a topic ("update:12", "campaign:3:response",
    "status-change:40", "story:5"), for a mailing whose subject was deleted since."""
    parts = topic.split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def news_from_mailings(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    News = apps.get_model("news", "News")
    NewsAbout = apps.get_model("news", "NewsAbout")
    Mailing = apps.get_model("supporters", "Mailing")
    Story = apps.get_model("stories", "Story")
    Update = apps.get_model("campaigns", "CampaignUpdate")

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    person_type = content_type("prisoners", "person")
    campaign_type = content_type("campaigns", "campaign")
    for mailing in Mailing.objects.order_by("pk"):
        app_label, model, column = SUBJECTS[mailing.kind]
        subject_id = getattr(mailing, column) or _topic_id(mailing.topic)
        # Gone back and forth, the news app keeps the rows: found again by topic.
        news, created = News.objects.get_or_create(
            topic=mailing.topic,
            defaults={
                "kind": mailing.kind,
                "subject_type": content_type(app_label, model),
                "subject_id": subject_id,
                # The languages its email was written in.
                "languages": list(mailing.content),
                "created_at": mailing.created_at,
                "created_by_id": mailing.created_by_id,
            },
        )
        mailing.news = news
        mailing.save(update_fields=["news"])
        if not created:
            continue
        if mailing.kind == "status_change":
            about = [(person_type, mailing.person_id)] if mailing.person_id else []
        elif mailing.kind == "story":
            people = Story.objects.filter(pk=mailing.story_id).values_list("prisoners", flat=True)
            about = [(person_type, pk) for pk in people if pk]
        else:
            campaign_id = mailing.campaign_id or (
                Update.objects.filter(pk=mailing.update_id)
                .values_list("campaign_id", flat=True)
                .first()
            )
            about = [(campaign_type, campaign_id)] if campaign_id else []
        NewsAbout.objects.bulk_create(
            NewsAbout(news=news, content_type=type_, object_id=pk) for type_, pk in about
        )


def mailings_from_news(apps, schema_editor):
    Mailing = apps.get_model("supporters", "Mailing")
    NewsAbout = apps.get_model("news", "NewsAbout")
    for mailing in Mailing.objects.select_related("news").order_by("pk"):
        news = mailing.news
        mailing.kind = news.kind
        mailing.topic = news.topic
        _app_label, _model, column = SUBJECTS[news.kind]
        setattr(mailing, column, news.subject_id)
        about = NewsAbout.objects.filter(news=news).select_related("content_type")
        for row in about:
            if row.content_type.model == "campaign":
                mailing.campaign_id = row.object_id
            elif row.content_type.model == "person" and news.kind == "status_change":
                mailing.person_id = row.object_id
        if news.kind == "update" and mailing.campaign_id is None:
            Update = apps.get_model("campaigns", "CampaignUpdate")
            mailing.campaign_id = (
                Update.objects.filter(pk=news.subject_id)
                .values_list("campaign_id", flat=True)
                .first()
            )
        mailing.save()
    # Subjects deleted since: the old columns were emptied when theirs went.
    for column, model in (
        ("update", "campaigns.CampaignUpdate"),
        ("campaign", "campaigns.Campaign"),
        ("person", "prisoners.Person"),
        ("status_change", "prisoners.StatusChange"),
        ("story", "stories.Story"),
    ):
        existing = apps.get_model(model).objects.values("pk")
        Mailing.objects.filter(**{f"{column}__isnull": False}).exclude(
            **{f"{column}__in": existing}
        ).update(**{column: None})


class Migration(migrations.Migration):
    dependencies = [("supporters", "0002_mailing_news")]

    operations = [migrations.RunPython(news_from_mailings, mailings_from_news)]
