/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Limits: checks arguments, hands them to the limits
 * engine, and passes the engine's nudges on as signals and a property, so
 * the browser overlay and the panel show what the notification shows. */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-dbus-reply.h"
#include "uns-error.h"
#include "uns-limits-service.h"
#include "uns-nudger.h"
#include "uns-validate.h"

#define UNS_LIMITS_VERSION 1
#define UNS_BREAK_MAX_SECONDS (4 * 3600)

struct _UnsLimitsService
{
  UnsDbusLimitsSkeleton parent_instance;

  UnsLimits *limits;  /* (owned) */
  UnsStore  *store;   /* (owned) */
};

static void uns_limits_service_iface_init (UnsDbusLimitsIface *iface);

G_DEFINE_TYPE_WITH_CODE (UnsLimitsService, uns_limits_service, UNS_DBUS_TYPE_LIMITS_SKELETON,
                         G_IMPLEMENT_INTERFACE (UNS_DBUS_TYPE_LIMITS, uns_limits_service_iface_init))

static GVariant *
nudge_to_variant (const UnsNudge *nudge)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  /* The overlay and the panel offer the actions themselves. */
  uns_nudge_format (nudge, TRUE, &title, &body);
  g_variant_builder_add (&builder, "{sv}", "level",
                         g_variant_new_string (uns_nudge_level_to_string (nudge->level)));
  g_variant_builder_add (&builder, "{sv}", "limit-id", g_variant_new_uint32 (nudge->limit_id));
  g_variant_builder_add (&builder, "{sv}", "title", g_variant_new_string (title));
  g_variant_builder_add (&builder, "{sv}", "body", g_variant_new_string (body));
  g_variant_builder_add (&builder, "{sv}", "used-seconds",
                         g_variant_new_int64 (nudge->used_usec / G_USEC_PER_SEC));
  g_variant_builder_add (&builder, "{sv}", "limit-seconds",
                         g_variant_new_int64 (nudge->limit_usec / G_USEC_PER_SEC));
  g_variant_builder_add (&builder, "{sv}", "can-snooze", g_variant_new_boolean (nudge->can_snooze));
  g_variant_builder_add (&builder, "{sv}", "strict", g_variant_new_boolean (nudge->strict));
  return g_variant_builder_end (&builder);
}

static void
refresh (UnsLimitsService *self)
{
  g_autoptr(GPtrArray) nudges = uns_limits_get_nudges (self->limits);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sa{sv}}"));

  for (guint i = 0; i < nudges->len; i++)
    {
      const UnsNudge *nudge = g_ptr_array_index (nudges, i);

      g_variant_builder_add (&builder, "{s@a{sv}}", nudge->service, nudge_to_variant (nudge));
    }

  g_object_freeze_notify (G_OBJECT (self));
  uns_dbus_limits_set_in_downtime (UNS_DBUS_LIMITS (self), uns_limits_in_downtime (self->limits));
  uns_dbus_limits_set_nudges (UNS_DBUS_LIMITS (self), g_variant_builder_end (&builder));
  g_object_thaw_notify (G_OBJECT (self));
}

static GVariant *
limit_to_variant (UnsLimitsService *self,
                  const UnsLimit   *limit)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gint64 used = uns_limits_get_used_usec (self->limits, limit) / G_USEC_PER_SEC;
  gint64 budget = (gint64) uns_limits_get_today_minutes (self->limits, limit) * 60;
  gboolean service = g_strcmp0 (limit->scope, "service") == 0;

  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_uint32 (limit->id));
  g_variant_builder_add (&builder, "{sv}", "scope", g_variant_new_string (limit->scope));
  g_variant_builder_add (&builder, "{sv}", "target", g_variant_new_string (limit->target));
  g_variant_builder_add (&builder, "{sv}", "target-name",
                         g_variant_new_string (uns_limits_get_target_name (self->limits, limit)));
  g_variant_builder_add (&builder, "{sv}", "minutes",
                         g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, limit->minutes, 7,
                                                    sizeof (guint32)));
  g_variant_builder_add (&builder, "{sv}", "enabled", g_variant_new_boolean (limit->enabled));
  g_variant_builder_add (&builder, "{sv}", "strict", g_variant_new_boolean (limit->strict));
  g_variant_builder_add (&builder, "{sv}", "mindful-pause", g_variant_new_boolean (limit->mindful_pause));
  g_variant_builder_add (&builder, "{sv}", "today-minutes", g_variant_new_uint32 ((guint32) (budget / 60)));
  g_variant_builder_add (&builder, "{sv}", "used-seconds", g_variant_new_int64 (used));
  g_variant_builder_add (&builder, "{sv}", "remaining-seconds", g_variant_new_int64 (MAX (budget - used, 0)));
  g_variant_builder_add (&builder, "{sv}", "snoozes",
                         g_variant_new_uint32 (service ? uns_limits_get_snoozes (self->limits, limit->target) : 0));
  g_variant_builder_add (&builder, "{sv}", "snoozed-until",
                         g_variant_new_int64 (service ? uns_limits_get_snoozed_until (self->limits, limit->target) / G_USEC_PER_SEC : 0));
  return g_variant_builder_end (&builder);
}

/* Reads "minutes" (one value or seven) into @minutes. */
static gboolean
parse_minutes (GVariant *value,
               guint     minutes[7],
               GError  **error)
{
  gsize n = 0;
  const guint32 *values = g_variant_get_fixed_array (value, &n, sizeof (guint32));

  if (n != 1 && n != 7)
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("Give one number of minutes for every day, or seven, Monday first."));
      return FALSE;
    }
  for (guint i = 0; i < 7; i++)
    {
      minutes[i] = values[n == 1 ? 0 : i];
      if (minutes[i] > 1440)
        {
          g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                               _("A day has at most 1440 minutes."));
          return FALSE;
        }
    }
  return TRUE;
}

/* Applies the keys of @options to @limit; unknown keys or wrong types are
 * refused. */
static gboolean
apply_options (UnsLimit *limit,
               GVariant *options,
               gboolean  allow_minutes,
               GError  **error)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      gboolean *flag = NULL;

      if (g_strcmp0 (key, "enabled") == 0)
        flag = &limit->enabled;
      else if (g_strcmp0 (key, "strict") == 0)
        flag = &limit->strict;
      else if (g_strcmp0 (key, "mindful-pause") == 0)
        flag = &limit->mindful_pause;
      else if (allow_minutes && g_strcmp0 (key, "minutes") == 0)
        {
          if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("au")))
            goto wrong_type;
          if (!parse_minutes (value, limit->minutes, error))
            {
              g_variant_unref (value);
              return FALSE;
            }
          continue;
        }
      else
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not something a limit has."), key);
          g_variant_unref (value);
          return FALSE;
        }

      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        goto wrong_type;
      *flag = g_variant_get_boolean (value);
      continue;

wrong_type:
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” has the wrong type."), key);
      g_variant_unref (value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
handle_list_limits (UnsDbusLimits         *object,
                    GDBusMethodInvocation *invocation)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  GPtrArray *limits = uns_limits_list (self->limits);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));

  for (guint i = 0; i < limits->len; i++)
    g_variant_builder_add_value (&builder, limit_to_variant (self, g_ptr_array_index (limits, i)));

  uns_dbus_limits_complete_list_limits (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_add_limit (UnsDbusLimits         *object,
                  GDBusMethodInvocation *invocation,
                  const char            *scope,
                  const char            *target,
                  GVariant              *minutes,
                  GVariant              *options)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  g_autoptr(GError) error = NULL;
  UnsLimit limit = { 0, (char *) scope, (char *) target, { 0, }, TRUE, FALSE, FALSE };

  if (!parse_minutes (minutes, limit.minutes, &error) ||
      !apply_options (&limit, options, FALSE, &error) ||
      !uns_limits_add (self->limits, &limit, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  uns_dbus_limits_complete_add_limit (object, invocation, limit.id);
  uns_dbus_limits_emit_limits_changed (object);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_change_limit (UnsDbusLimits         *object,
                     GDBusMethodInvocation *invocation,
                     guint                  id,
                     GVariant              *changes)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  g_autoptr(GError) error = NULL;
  const UnsLimit *current = uns_limits_get (self->limits, id);
  g_autoptr(UnsLimit) limit = NULL;

  if (current == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, UNS_ERROR, UNS_ERROR_NOT_FOUND,
                                             _("There is no limit %u."), id);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  limit = uns_limit_copy (current);
  if (!apply_options (limit, changes, TRUE, &error) ||
      !uns_limits_change (self->limits, limit, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  uns_dbus_limits_complete_change_limit (object, invocation);
  uns_dbus_limits_emit_limits_changed (object);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_remove_limit (UnsDbusLimits         *object,
                     GDBusMethodInvocation *invocation,
                     guint                  id)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  g_autoptr(GError) error = NULL;

  if (!uns_limits_remove (self->limits, id, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  uns_dbus_limits_complete_remove_limit (object, invocation);
  uns_dbus_limits_emit_limits_changed (object);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_snooze (UnsDbusLimits         *object,
               GDBusMethodInvocation *invocation,
               const char            *service)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  g_autoptr(GError) error = NULL;
  gint64 until = 0;

  if (!uns_limits_snooze (self->limits, service, &until, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  uns_dbus_limits_complete_snooze (object, invocation, until / G_USEC_PER_SEC);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_take_break (UnsDbusLimits         *object,
                   GDBusMethodInvocation *invocation,
                   gint64                 seconds)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  gint64 until;

  if (seconds != 0 && (seconds < 60 || seconds > UNS_BREAK_MAX_SECONDS))
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                     _("A break lasts from 1 minute to 4 hours."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  until = uns_limits_take_break (self->limits, seconds);
  uns_dbus_limits_complete_take_break (object, invocation, until / G_USEC_PER_SEC);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_record_pause_choice (UnsDbusLimits         *object,
                            GDBusMethodInvocation *invocation,
                            const char            *service,
                            const char            *choice)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  g_autoptr(GError) error = NULL;

  if (!uns_limits_record_pause_choice (self->limits, service, choice, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  uns_dbus_limits_complete_record_pause_choice (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_downtime (UnsDbusLimits         *object,
                      GDBusMethodInvocation *invocation)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  GArray *windows = uns_limits_get_downtime (self->limits);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(uuu)"));

  for (guint i = 0; i < windows->len; i++)
    {
      const UnsDowntime *window = &g_array_index (windows, UnsDowntime, i);

      g_variant_builder_add (&builder, "(uuu)", window->start, window->end, window->days);
    }
  uns_dbus_limits_complete_list_downtime (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_set_downtime (UnsDbusLimits         *object,
                     GDBusMethodInvocation *invocation,
                     GVariant              *windows_variant)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (UnsDowntime));
  GVariantIter iter;
  UnsDowntime window;

  g_variant_iter_init (&iter, windows_variant);
  while (g_variant_iter_next (&iter, "(uuu)", &window.start, &window.end, &window.days))
    g_array_append_val (windows, window);

  if (!uns_limits_set_downtime (self->limits, (const UnsDowntime *) (gpointer) windows->data,
                                windows->len, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  uns_dbus_limits_complete_set_downtime (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_nudge_summary (UnsDbusLimits         *object,
                          GDBusMethodInvocation *invocation,
                          const char            *from,
                          const char            *to)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{st}"));
  GHashTableIter iter;
  gpointer key, value;
  GDate from_day, to_day;

  if (!uns_validate_day_range (from, to, 0, &from_day, &to_day, &error) ||
      (counts = uns_store_count_events (self->store, &from_day, &to_day, NULL, &error)) == NULL)
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  g_hash_table_iter_init (&iter, counts);
  /* Each nudge is logged as one "nudge" event; the contract counts them
   * as "nudges". */
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&builder, "{st}",
                           g_strcmp0 (key, "nudge") == 0 ? "nudges" : (const char *) key,
                           (guint64) GPOINTER_TO_UINT (value));
  uns_dbus_limits_complete_get_nudge_summary (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
uns_limits_service_iface_init (UnsDbusLimitsIface *iface)
{
  iface->handle_list_limits = handle_list_limits;
  iface->handle_add_limit = handle_add_limit;
  iface->handle_change_limit = handle_change_limit;
  iface->handle_remove_limit = handle_remove_limit;
  iface->handle_snooze = handle_snooze;
  iface->handle_take_break = handle_take_break;
  iface->handle_record_pause_choice = handle_record_pause_choice;
  iface->handle_list_downtime = handle_list_downtime;
  iface->handle_set_downtime = handle_set_downtime;
  iface->handle_get_nudge_summary = handle_get_nudge_summary;
}

static void
nudge_cb (UnsLimits *limits,
          gpointer   nudge_pointer,
          gpointer   user_data)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (user_data);
  const UnsNudge *nudge = nudge_pointer;

  uns_dbus_limits_emit_nudge_changed (UNS_DBUS_LIMITS (self), nudge->service, nudge_to_variant (nudge));
  refresh (self);
}

static void
nudge_cleared_cb (UnsLimits  *limits,
                  const char *service,
                  gpointer    user_data)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (user_data);
  g_auto(GVariantBuilder) empty = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  uns_dbus_limits_emit_nudge_changed (UNS_DBUS_LIMITS (self), service, g_variant_builder_end (&empty));
  refresh (self);
}

static void
approaching_cb (UnsLimits *limits, guint id, gint64 remaining, gpointer user_data)
{
  uns_dbus_limits_emit_limit_approaching (UNS_DBUS_LIMITS (user_data), id, remaining);
}

static void
reached_cb (UnsLimits *limits, guint id, gint64 used, gpointer user_data)
{
  uns_dbus_limits_emit_limit_reached (UNS_DBUS_LIMITS (user_data), id, used);
}

static void
snoozed_cb (UnsLimits *limits, const char *service, gint64 until, gpointer user_data)
{
  uns_dbus_limits_emit_snoozed (UNS_DBUS_LIMITS (user_data), service, until / G_USEC_PER_SEC);
}

static void
downtime_cb (UnsLimits *limits, gboolean active, gpointer user_data)
{
  uns_dbus_limits_emit_downtime_changed (UNS_DBUS_LIMITS (user_data), active);
  refresh (UNS_LIMITS_SERVICE (user_data));
}

static void
uns_limits_service_dispose (GObject *object)
{
  UnsLimitsService *self = UNS_LIMITS_SERVICE (object);

  g_clear_object (&self->limits);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (uns_limits_service_parent_class)->dispose (object);
}

static void
uns_limits_service_class_init (UnsLimitsServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uns_limits_service_dispose;
}

static void
uns_limits_service_init (UnsLimitsService *self)
{
}

UnsLimitsService *
uns_limits_service_new (UnsLimits *limits,
                        UnsStore  *store)
{
  UnsLimitsService *self;

  g_return_val_if_fail (UNS_IS_LIMITS (limits), NULL);

  self = g_object_new (UNS_TYPE_LIMITS_SERVICE, NULL);
  self->limits = g_object_ref (limits);
  self->store = g_object_ref (store);
  uns_dbus_limits_set_version (UNS_DBUS_LIMITS (self), UNS_LIMITS_VERSION);

  g_signal_connect_object (limits, "nudge", G_CALLBACK (nudge_cb), self, 0);
  g_signal_connect_object (limits, "nudge-cleared", G_CALLBACK (nudge_cleared_cb), self, 0);
  g_signal_connect_object (limits, "limit-approaching", G_CALLBACK (approaching_cb), self, 0);
  g_signal_connect_object (limits, "limit-reached", G_CALLBACK (reached_cb), self, 0);
  g_signal_connect_object (limits, "snoozed", G_CALLBACK (snoozed_cb), self, 0);
  g_signal_connect_object (limits, "downtime-changed", G_CALLBACK (downtime_cb), self, 0);
  refresh (self);
  return self;
}
