import { z } from 'zod';
import type { Alert } from '../../domain/alert.js';
import type { NormalizeBody } from './receiver.js';
import { looseScalar, parseWith, text } from './normalize-support.js';
import { normalizeTemplateAlert, templateAlertSchema } from './template-alert.js';

/**
 * Prometheus Alertmanager's webhook (`version: "4"`, notify/webhook/webhook.go): a notification group whose
 * `alerts[]` mix firing and resolved. The sender's `fingerprint` is kept as the alert's identity, so the same
 * alert sent by two HA replicas, or again on every repeat interval, is one alert.
 *
 * Unknown fields (`notification_reason`, newer additions) are tolerated; `version` is not checked so that a
 * future version with the same alert shape still works.
 */
const alertmanagerBody = z.object({
  version: looseScalar,
  status: looseScalar,
  receiver: looseScalar,
  groupKey: looseScalar,
  externalURL: looseScalar,
  alerts: z.array(z.unknown()),
});

/**
 * @example normalizeAlertmanager(JSON.parse(body), headers, new Date()) // one Alert per entry of `alerts`
 */
export const normalizeAlertmanager: NormalizeBody = (body, _headers, receivedAt): Alert[] => {
  const group = parseWith(alertmanagerBody, body, 'alertmanager');
  const status = text(group.status);
  return group.alerts.map((rawAlert, index) => {
    const alert = parseWith(templateAlertSchema, rawAlert, 'alertmanager', ['alerts', index]);
    return normalizeTemplateAlert('alertmanager', alert, { status }, receivedAt, rawAlert);
  });
};
