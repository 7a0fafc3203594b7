/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The nudger turns the engine's nudges into desktop notifications: short,
 * kind, naming the service and the time, always with a way forward. Each
 * service has one notification, updated in place instead of stacking.
 * Servers without actions get the way forward in words. */
#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "uns-duration.h"
#include "uns-nudger.h"

#define UNS_EXTENSION_UUID "unscroll@unscroll.github.io"

struct _UnsNudger
{
  GObject     parent_instance;

  UnsLimits  *limits;          /* (owned) */
  GHashTable *notifications;   /* (owned) service → NotifyNotification (owned) */
};

G_DEFINE_TYPE (UnsNudger, uns_nudger, G_TYPE_OBJECT)

enum
{
  SIGNAL_SUPPORT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * uns_nudge_format:
 * @nudge: a nudge
 * @with_actions: whether the text sits beside action buttons; without them
 *   it says how to snooze
 * @out_title: (out) (transfer full): the title
 * @out_body: (out) (transfer full): the body
 *
 * The words of a nudge, shared by the notification, the browser overlay
 * and the panel, so all three say the same.
 */
void
uns_nudge_format (const UnsNudge *nudge,
                  gboolean        with_actions,
                  char          **out_title,
                  char          **out_body)
{
  g_autofree char *used = uns_duration_format (nudge->used_usec / G_USEC_PER_SEC);
  g_autofree char *budget = uns_duration_format (nudge->limit_usec / G_USEC_PER_SEC);
  g_autofree char *left = uns_duration_format ((nudge->limit_usec - nudge->used_usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  g_autofree char *over = uns_duration_format ((nudge->used_usec - nudge->limit_usec) / G_USEC_PER_SEC);
  g_autofree char *body = NULL;
  const char *name = nudge->service_name;

  switch (nudge->level)
    {
    case UNS_NUDGE_HEADS_UP:
      if (nudge->total)
        /* TRANSLATORS: e.g. "Social media: 10m left today" */
        *out_title = g_strdup_printf (_("Social media: %s left today"), left);
      else
        /* TRANSLATORS: e.g. "Instagram: 10m left today" */
        *out_title = g_strdup_printf (_("%s: %s left today"), name, left);
      /* TRANSLATORS: e.g. "You've used 20m of the 30m you set." */
      body = g_strdup_printf (_("You've used %s of the %s you set."), used, budget);
      break;
    case UNS_NUDGE_REACHED:
      if (nudge->limit_usec == 0)
        {
          /* A day the user set aside entirely. */
          if (nudge->total)
            *out_title = g_strdup (_("You set today aside from social media"));
          else
            /* TRANSLATORS: e.g. "You set today aside from Instagram" */
            *out_title = g_strdup_printf (_("You set today aside from %s"), name);
          body = nudge->first ? g_strdup (_("Maybe something else for now?"))
                              /* TRANSLATORS: e.g. "5m so far today." */
                              : g_strdup_printf (_("%s so far today."), used);
        }
      else if (nudge->first)
        {
          if (nudge->total)
            /* TRANSLATORS: e.g. "That's your 2h of social media for today" */
            *out_title = g_strdup_printf (_("That's your %s of social media for today"), budget);
          else
            /* TRANSLATORS: e.g. "That's your 30m of Instagram for today" */
            *out_title = g_strdup_printf (_("That's your %s of %s for today"), budget, name);
          body = g_strdup (_("You set this limit for yourself. Maybe a good moment for something else?"));
        }
      else
        {
          if (nudge->total)
            *out_title = g_strdup (_("Still on social media"));
          else
            *out_title = g_strdup_printf (_("Still on %s"), name);
          /* TRANSLATORS: e.g. "You're 10m past the 30m you set for today." */
          body = g_strdup_printf (_("You're %s past the %s you set for today."), over, budget);
        }
      if (!with_actions && nudge->can_snooze)
        {
          g_autofree char *plain = g_steal_pointer (&body);

          /* TRANSLATORS: the first %s is the sentence before, the second a service id */
          body = g_strdup_printf (_("%s For 5 more minutes, use the Unscroll panel or run “unscroll snooze %s”."),
                                  plain, nudge->service);
        }
      break;
    case UNS_NUDGE_CONTINUOUS_USE:
      /* TRANSLATORS: e.g. "25m of scrolling without a break" */
      *out_title = g_strdup_printf (_("%s of scrolling without a break"), used);
      body = g_strdup (_("A short pause can help: stretch, look away, or get some water."));
      break;
    case UNS_NUDGE_DOWNTIME:
      *out_title = g_strdup (_("It's downtime"));
      /* TRANSLATORS: e.g. "You asked for quiet time until 07:00. Instagram will still be there." */
      body = g_strdup_printf (_("You asked for quiet time until %02u:%02u. %s will still be there later."),
                              nudge->downtime_end / 60, nudge->downtime_end % 60, name);
      break;
    case UNS_NUDGE_NONE:
    default:
      *out_title = g_strdup (name);
      body = g_strdup ("");
      break;
    }

  *out_body = g_steal_pointer (&body);
}

static gboolean
server_has_actions (void)
{
  GList *caps = notify_get_server_caps ();
  gboolean actions = g_list_find_custom (caps, "actions", (GCompareFunc) g_strcmp0) != NULL;

  g_list_free_full (caps, g_free);
  return actions;
}

typedef struct
{
  UnsNudger *self;     /* (unowned): the nudger outlives its notifications */
  char      *service;
  guint      limit_id;
} UnsActionData;

static void
action_data_free (gpointer data)
{
  UnsActionData *action = data;

  g_free (action->service);
  g_free (action);
}

/* Whether the Shell extension, whose preferences edit limits, is installed
 * for this user or system-wide. */
static gboolean
extension_installed (void)
{
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "gnome-shell", "extensions",
                                            UNS_EXTENSION_UUID, NULL);
  const char * const *dirs = g_get_system_data_dirs ();

  if (g_file_test (user, G_FILE_TEST_IS_DIR))
    return TRUE;
  for (gsize i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "gnome-shell", "extensions",
                                                UNS_EXTENSION_UUID, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        return TRUE;
    }
  return FALSE;
}

static gboolean
launch_preferences (void)
{
  g_autofree char *tool = g_find_program_in_path ("gnome-extensions");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "prefs", UNS_EXTENSION_UUID, NULL };

  if (tool == NULL || !extension_installed ())
    return FALSE;
  argv[0] = tool;
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error))
    {
      g_debug ("Could not open the preferences: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Without the preferences window, say how to change the limit instead. */
static void
explain_adjust (UnsNudger *self,
                guint      limit_id)
{
  const UnsLimit *limit = uns_limits_get (self->limits, limit_id);
  g_autofree char *target = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  NotifyNotification *note;

  if (limit == NULL)
    return;
  if (g_strcmp0 (limit->scope, "category") == 0)
    target = g_strconcat ("category:", limit->target, NULL);
  else if (g_strcmp0 (limit->scope, "total") == 0)
    target = g_strdup ("total");
  else
    target = g_strdup (limit->target);

  /* TRANSLATORS: %s is what the limit is for, such as instagram or total */
  body = g_strdup_printf (_("Run “unscroll limit edit %s 45m” with the time that suits you, or “unscroll limit list” to see them all."),
                          target);
  /* A notification of its own: the nudge keeps its other ways forward. */
  note = notify_notification_new (_("Changing a limit"), body, "io.github.Unscroll");
  notify_notification_set_app_name (note, _("Unscroll"));
  notify_notification_set_hint_string (note, "desktop-entry", UNS_APP_ID);
  if (!notify_notification_show (note, &error))
    g_debug ("Could not show a notification: %s", error->message);
  g_object_unref (note);
}

static void
action_cb (NotifyNotification *notification,
           char               *action,
           gpointer            user_data)
{
  UnsActionData *data = user_data;
  UnsNudger *self = data->self;
  g_autoptr(GError) error = NULL;

  /* Answered: the close that follows is not a dismissal. */
  g_object_set_data (G_OBJECT (notification), "uns-answered", GINT_TO_POINTER (TRUE));
  g_debug ("Nudge for %s answered: %s", data->service, action);

  if (g_strcmp0 (action, "snooze") == 0)
    {
      if (!uns_limits_snooze (self->limits, data->service, NULL, &error))
        g_debug ("Snooze refused: %s", error->message);
    }
  else if (g_strcmp0 (action, "break") == 0)
    uns_limits_take_break (self->limits, 0);
  else if (g_strcmp0 (action, "adjust") == 0)
    {
      uns_limits_log_response (self->limits, data->service, data->limit_id, "adjust");
      if (!launch_preferences ())
        explain_adjust (self, data->limit_id);
    }
  else if (g_strcmp0 (action, "support") == 0)
    {
      uns_limits_log_response (self->limits, data->service, data->limit_id, "support");
      g_signal_emit (self, signals[SIGNAL_SUPPORT_REQUESTED], 0);
    }
}

static void
closed_cb (NotifyNotification *notification,
           gpointer            user_data)
{
  UnsActionData *data = g_object_get_data (G_OBJECT (notification), "uns-action-data");
  UnsNudger *self = UNS_NUDGER (user_data);

  /* Reason 2: the user dismissed it. */
  if (notify_notification_get_closed_reason (notification) == 2 &&
      !g_object_get_data (G_OBJECT (notification), "uns-answered") && data != NULL)
    uns_limits_log_response (self->limits, data->service, data->limit_id, "dismissed");
}

static void
nudge_cb (UnsLimits *limits,
          gpointer   nudge_pointer,
          gpointer   user_data)
{
  UnsNudger *self = UNS_NUDGER (user_data);
  const UnsNudge *nudge = nudge_pointer;
  gboolean actions = server_has_actions ();
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  NotifyNotification *notification;
  UnsActionData *data;

  uns_nudge_format (nudge, actions, &title, &body);

  notification = g_hash_table_lookup (self->notifications, nudge->service);
  if (notification == NULL)
    {
      notification = notify_notification_new (title, body, "io.github.Unscroll");
      g_signal_connect_object (notification, "closed", G_CALLBACK (closed_cb), self, 0);
      g_hash_table_insert (self->notifications, g_strdup (nudge->service), notification);
    }
  else
    {
      notify_notification_update (notification, title, body, "io.github.Unscroll");
      notify_notification_clear_actions (notification);
    }

  data = g_new0 (UnsActionData, 1);
  data->self = self;
  data->service = g_strdup (nudge->service);
  data->limit_id = nudge->limit_id;
  g_object_set_data_full (G_OBJECT (notification), "uns-action-data", data, action_data_free);
  g_object_set_data (G_OBJECT (notification), "uns-answered", NULL);

  notify_notification_set_app_name (notification, _("Unscroll"));
  notify_notification_set_hint_string (notification, "desktop-entry", UNS_APP_ID);
  notify_notification_set_category (notification, "x-unscroll.nudge");
  notify_notification_set_urgency (notification, nudge->level == UNS_NUDGE_HEADS_UP
                                                 ? NOTIFY_URGENCY_LOW : NOTIFY_URGENCY_NORMAL);

  if (actions)
    {
      /* Each action owns no data: they share the notification's. */
      if (nudge->level == UNS_NUDGE_REACHED && nudge->can_snooze)
        notify_notification_add_action (notification, "snooze", _("5 more minutes"),
                                        action_cb, data, NULL);
      notify_notification_add_action (notification, "break", _("Take a break"),
                                      action_cb, data, NULL);
      if (nudge->limit_id != 0)
        notify_notification_add_action (notification, "adjust", _("Adjust limit"),
                                        action_cb, data, NULL);
      if (nudge->level == UNS_NUDGE_REACHED || nudge->level == UNS_NUDGE_CONTINUOUS_USE)
        notify_notification_add_action (notification, "support", _("Get support"),
                                        action_cb, data, NULL);
    }

  if (!notify_notification_show (notification, &error))
    g_debug ("Could not show a notification: %s", error->message);
}

static void
nudge_cleared_cb (UnsLimits  *limits,
                  const char *service,
                  gpointer    user_data)
{
  UnsNudger *self = UNS_NUDGER (user_data);
  NotifyNotification *notification = g_hash_table_lookup (self->notifications, service);
  g_autoptr(GError) error = NULL;

  if (notification == NULL)
    return;
  g_object_set_data (G_OBJECT (notification), "uns-answered", GINT_TO_POINTER (TRUE));
  if (!notify_notification_close (notification, &error))
    g_debug ("Could not close a notification: %s", error->message);
}

static void
uns_nudger_dispose (GObject *object)
{
  UnsNudger *self = UNS_NUDGER (object);

  g_clear_pointer (&self->notifications, g_hash_table_unref);
  g_clear_object (&self->limits);

  G_OBJECT_CLASS (uns_nudger_parent_class)->dispose (object);
}

static void
uns_nudger_class_init (UnsNudgerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uns_nudger_dispose;

  /* UnsNudger::support-requested: "Get support" was chosen. */
  signals[SIGNAL_SUPPORT_REQUESTED] = g_signal_new ("support-requested", G_TYPE_FROM_CLASS (klass),
                                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                    G_TYPE_NONE, 0);
}

static void
uns_nudger_init (UnsNudger *self)
{
  self->notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

UnsNudger *
uns_nudger_new (UnsLimits *limits)
{
  UnsNudger *self;

  g_return_val_if_fail (UNS_IS_LIMITS (limits), NULL);

  if (!notify_is_initted ())
    notify_init ("Unscroll");

  self = g_object_new (UNS_TYPE_NUDGER, NULL);
  self->limits = g_object_ref (limits);
  g_signal_connect_object (limits, "nudge", G_CALLBACK (nudge_cb), self, 0);
  g_signal_connect_object (limits, "nudge-cleared", G_CALLBACK (nudge_cleared_cb), self, 0);
  return self;
}
