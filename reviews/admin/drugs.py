"""The drug vocabulary in the admin: read-only but for the stoplist (a brand name that is a
common word is never matched). The vocabulary comes from ``import_drug_data`` and events typed
in; label versions and mentions are derived, shown read-only. A change to the stoplist counts for
sheets published after it, and for every sheet at the next rematch (``import_drug_data
--rematch`` or the rematch task)."""

from django.contrib import admin

from cms.admin import ViewOnlyMixin
from reviews.models import DrugConcept, DrugMention, DrugName, LabelVersion


class DrugNameInline(admin.TabularInline):
    model = DrugName
    fields = ["name", "kind", "normalised", "stoplisted"]
    readonly_fields = ["name", "kind", "normalised"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DrugConcept)
class DrugConceptAdmin(admin.ModelAdmin):
    list_display = ["name", "rxcui"]
    search_fields = ["name", "rxcui", "names__normalised"]
    readonly_fields = ["name", "rxcui"]
    inlines = [DrugNameInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DrugName)
class DrugNameAdmin(admin.ModelAdmin):
    list_display = ["name", "concept", "kind", "stoplisted"]
    list_filter = ["kind", "stoplisted"]
    search_fields = ["normalised"]
    fields = ["name", "concept", "kind", "normalised", "stoplisted"]
    readonly_fields = ["name", "concept", "kind", "normalised"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LabelVersion)
class LabelVersionAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """The label versions imports have seen (to tell a new or changed boxed warning): shown,
    never edited; they come from ``import_drug_data``."""

    list_display = ["set_id", "version", "effective_on", "concept", "boxed_warning_sha256"]
    search_fields = ["set_id", "concept__name"]
    list_select_related = ["concept"]


@admin.register(DrugMention)
class DrugMentionAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Which drugs each sheet names, as last matched: derived, shown, never edited (rebuilt on
    publishing and by a rematch)."""

    list_display = ["article", "concept", "revision_id"]
    search_fields = ["article__title", "concept__name"]
    list_select_related = ["article", "concept"]
    raw_id_fields = ["article", "concept"]
