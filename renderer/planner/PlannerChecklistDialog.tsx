import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistItemKind } from '../../core/planning/tables';
import { useApi } from '../ui/api-context';
import { errorText } from '../ui/error-message';
import { useToast } from '../ui/toast';
import { useApiQuery } from '../ui/useApiQuery';
import { useLocale } from '../ui/useLocale';
import { CHECKLIST_KINDS, MAX_QUESTIONS, checklistFromDrafts, type ChecklistDraft } from './planner-checklist';

/**
 * A work type's pre-visit checklist, edited by an admin: the questions, which of them must be answered
 * before the client's confirmation, and how each is answered (yes/no, a time, text). Visits planned with the
 * work type ask the new questions at once; answers already given stay with the questions they answered.
 */
export function PlannerChecklistDialog({ onClose }: Readonly<{ onClose(): void }>) {
  const { t } = useTranslation();
  const { lang } = useLocale();
  const api = useApi();
  const toast = useToast();
  const types = useApiQuery('planner:work-types', {});
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<readonly ChecklistDraft[] | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = types.data?.rows.find((w) => w.id === chosenId) ?? types.data?.rows[0];
  const shown: readonly ChecklistDraft[] = drafts ?? chosen?.checklist ?? [];
  const change = (index: number, over: Partial<ChecklistDraft>) =>
    setDrafts(shown.map((d, i) => (i === index ? { ...d, ...over } : d)));

  const save = async () => {
    if (!chosen) return;
    const checklist = checklistFromDrafts(shown);
    if (!checklist.ok) {
      const { error } = checklist;
      return toast({
        severity: 'error',
        message:
          error.kind === 'too-many'
            ? t('planner.checklist.tooMany', { count: MAX_QUESTIONS })
            : t('planner.checklist.emptyQuestion', { number: error.index + 1 }),
      });
    }
    setBusy(true);
    const result = await api.call('work-type:save', { ...chosen, checklist: checklist.value });
    setBusy(false);
    if (!result.ok) return toast({ severity: 'error', message: errorText(t, result.error) });
    setDrafts(null);
    toast({ severity: 'success', message: t('planner.checklist.saved') });
  };

  return (
    <Dialog open onClose={onClose} data-testid="planner-checklist" maxWidth="md" fullWidth>
      <DialogTitle>{t('planner.checklist.title')}</DialogTitle>
      <DialogContent>
        {types.data?.rows.length === 0 && (
          <Typography sx={{ color: 'text.secondary' }}>{t('planner.checklist.noTypes')}</Typography>
        )}
        {chosen && (
          <TextField
            select
            size="small"
            label={t('planner.checklist.workType')}
            value={chosen.id}
            onChange={(e) => {
              setChosenId(e.target.value);
              setDrafts(null);
            }}
            slotProps={{ htmlInput: { 'data-testid': 'checklist-work-type' } }}
            sx={{ minWidth: 320, mt: 1, mb: 2 }}
          >
            {types.data?.rows.map((w) => (
              <MenuItem key={w.id} value={w.id} data-work-type={w.code}>
                {lang === 'en' ? w.nameEn : w.nameRu}
              </MenuItem>
            ))}
          </TextField>
        )}
        {chosen && shown.length === 0 && (
          <Typography sx={{ color: 'text.secondary', mb: 1 }}>{t('planner.checklist.empty')}</Typography>
        )}
        {shown.map((d, i) => (
          <Box
            key={d.id ?? `new-${i}`}
            data-testid="checklist-question"
            sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}
          >
            <TextField
              size="small"
              label={`${t('planner.checklist.question')} ${i + 1}`}
              value={d.question}
              onChange={(e) => change(i, { question: e.target.value })}
              slotProps={{ htmlInput: { maxLength: 300, 'data-testid': 'checklist-question-text' } }}
              sx={{ flex: 1 }}
            />
            <TextField
              select
              size="small"
              label={t('planner.checklist.kindLabel')}
              value={d.kind}
              onChange={(e) => change(i, { kind: e.target.value as ChecklistItemKind })}
              slotProps={{ htmlInput: { 'data-testid': 'checklist-question-kind' } }}
              sx={{ width: 150 }}
            >
              {CHECKLIST_KINDS.map((k) => (
                <MenuItem key={k} value={k} data-kind={k}>
                  {t(`planner.checklist.kind.${k}`)}
                </MenuItem>
              ))}
            </TextField>
            <FormControlLabel
              label={t('planner.checklist.required')}
              control={
                <Checkbox
                  checked={d.required}
                  onChange={(e) => change(i, { required: e.target.checked })}
                  slotProps={{ input: { 'data-testid': 'checklist-question-required' } as object }}
                />
              }
            />
            <IconButton
              size="small"
              aria-label={t('planner.checklist.remove', { number: i + 1 })}
              data-testid="checklist-question-remove"
              onClick={() => setDrafts(shown.filter((_, j) => j !== i))}
            >
              ×
            </IconButton>
          </Box>
        ))}
        {chosen && (
          <Button
            size="small"
            disabled={shown.length >= MAX_QUESTIONS}
            onClick={() => setDrafts([...shown, { id: null, question: '', required: true, kind: 'yes-no' }])}
            data-testid="checklist-add-question"
          >
            {t('planner.checklist.addQuestion')}
          </Button>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('planner.close')}</Button>
        <Button
          variant="contained"
          disabled={busy || !chosen || drafts === null}
          onClick={() => void save()}
          data-testid="checklist-save"
        >
          {t('planner.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
