"""The audience, without its addresses: staff need the counts, what each supporter
follows, and to erase a supporter on request; the address is never shown."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from audience.models import Subscription, Supporter


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["__str__", "target_type", "created_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name = _("what they follow")
    verbose_name_plural = _("what they follow")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target_type")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "confirmed_at", "following", "created_at"]
    list_filter = [
        "language",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("subscriptions__target_type", admin.RelatedOnlyFieldListFilter),
    ]
    fields = ["language", "created_at", "confirmed_at"]
    readonly_fields = fields
    inlines = [SubscriptionInline]
    show_full_result_count = False

    def get_queryset(self, request):
        confirmed = Q(subscriptions__confirmed_at__isnull=False)
        return (
            super()
            .get_queryset(request)
            .annotate(following=Count("subscriptions", filter=confirmed))
        )

    @admin.display(description=_("confirmed follows"), ordering="following")
    def following(self, supporter: Supporter) -> int:
        return supporter.following

    def has_add_permission(self, request) -> bool:
        # A supporter comes only from their address's owner, through a confirmation email.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
