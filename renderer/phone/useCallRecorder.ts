import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { newId } from '../ui/ids';
import { useToast } from '../ui/toast';
import { callReport, type CallReportIds } from './call-report';
import type { SoftphoneCall } from './sip/softphone-types';

/**
 * The window's `onCallSettled`: every call the phone saw goes to the callback rule as `call:record`. The
 * ids are made once per SIP Call-ID and kept until the desk accepted the report, so a second report of the
 * same call (a retry, the phone settling it twice) reuses them and the rule merges it instead of adding a row.
 * A refusal the desk sees at once is a toast; one the server gives later is one of the rejection notices.
 */
export function useCallRecorder(): (call: SoftphoneCall) => void {
  const api = useApi();
  const toast = useToast();
  const { t } = useTranslation();
  const idsByCall = useRef(new Map<string, CallReportIds>());
  return useCallback(
    (call: SoftphoneCall) => {
      let ids = idsByCall.current.get(call.id);
      if (!ids) {
        ids = { id: newId(), ticketId: newId(), logId: newId(), resolveLogId: newId() };
        idsByCall.current.set(call.id, ids);
      }
      void api.call('call:record', callReport(call, ids, Date.now())).then(
        (result) => {
          if (result.ok) idsByCall.current.delete(call.id);
          else toast({ severity: 'error', message: errorText(t, result.error) });
        },
        (error: unknown) =>
          toast({ severity: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
    },
    [api, toast, t],
  );
}
