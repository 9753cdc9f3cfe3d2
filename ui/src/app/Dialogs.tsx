// The dialogs of the workspace window, one at a time.

import type { AppInfo, Account, AccountMap, Comparison, ExportFormat, Picked } from "../bindings";
import { BackupsDialog } from "../features/backups/BackupsDialog";
import { PasswordDialog, UnlockDialog, type PasswordMode } from "../features/files/PasswordDialog";
import { ExportDialog } from "../features/files/ExportDialog";
import { ImportDialog } from "../features/files/ImportDialog";
import { MergeDialog } from "../features/files/MergeDialog";
import { PlanDialog } from "../features/plan/PlanDialog";
import { PortfolioDialog } from "../features/portfolio/PortfolioDialog";
import { ReviewsDialog } from "../features/reviews/ReviewsDialog";
import { TrashDialog } from "../features/trash/TrashDialog";

export type DialogState =
  | { kind: "import" | "merge"; file: Picked }
  | { kind: "unlock"; path: string }
  | { kind: "export"; format?: ExportFormat }
  | { kind: "trash" }
  | { kind: "backups"; workspace: string | null }
  | { kind: "password"; mode: PasswordMode }
  | { kind: "reviews" | "plan" | "portfolio" }
  | null;

type DialogsProps = {
  dialog: DialogState;
  close: () => void;
  accounts: Account[];
  selected: string | null;
  map: AccountMap | null;
  threshold: number;
  setNotice: (message: string | null) => void;
  onSwitched: (i: AppInfo) => void;
  onImported: (accountId: string) => void;
  /** Something a dialog changed may show anywhere: read everything again. */
  onChangedAll: () => void;
  /** A dialog changed what `scope` names, in the open account. */
  onChanged: (scope: "reviews" | "plan") => void;
  onPasswordSet: (message: string) => void;
  onShowComparison: (c: Comparison | null) => void;
  onOpenAccount: (id: string) => void;
};

export function Dialogs(props: DialogsProps) {
  return <Dialog {...props} />;
}

function Dialog(props: DialogsProps) {
  const { dialog, close, map, setNotice } = props;
  switch (dialog?.kind) {
    case "import":
      return (
        <ImportDialog
          file={dialog.file}
          accounts={props.accounts}
          currentAccountId={props.selected}
          onClose={close}
          onImported={(accountId, message) => {
            close();
            setNotice(message);
            props.onImported(accountId);
          }}
        />
      );
    case "merge":
      return (
        <MergeDialog
          file={dialog.file}
          onClose={close}
          onMerged={(message) => {
            close();
            setNotice(message);
            props.onChangedAll();
          }}
        />
      );
    case "backups":
      return (
        <BackupsDialog
          workspace={dialog.workspace}
          onClose={close}
          onRestored={(i, message) => {
            close();
            props.onSwitched(i);
            setNotice(message);
          }}
        />
      );
    case "unlock":
      return (
        <UnlockDialog
          path={dialog.path}
          onClose={close}
          onOpened={(i, notice) => {
            close();
            props.onSwitched(i);
            if (notice) setNotice(notice);
          }}
        />
      );
    case "password":
      return (
        <PasswordDialog
          mode={dialog.mode}
          onClose={close}
          onDone={(message) => {
            close();
            props.onPasswordSet(message);
          }}
        />
      );
    case "reviews":
      return map ? (
        <ReviewsDialog
          accountId={map.account.id}
          accountName={map.account.name}
          threshold={props.threshold}
          onClose={close}
          onChanged={() => props.onChanged("reviews")}
          onShowOnMap={(c) => {
            props.onShowComparison(c);
            if (c) close();
          }}
          onExported={setNotice}
        />
      ) : null;
    case "plan":
      return map ? (
        <PlanDialog
          accountId={map.account.id}
          accountName={map.account.name}
          people={map.people}
          onClose={() => {
            // Targets may have been added or deleted: the cards show them.
            close();
            props.onChanged("plan");
          }}
          onSaved={(message) => {
            close();
            setNotice(message);
            props.onChanged("plan");
          }}
        />
      ) : null;
    case "portfolio":
      return <PortfolioDialog onClose={close} onOpenAccount={props.onOpenAccount} />;
    case "trash":
      return (
        <TrashDialog
          onClose={close}
          onChanged={(message) => {
            setNotice(message);
            props.onChangedAll();
          }}
        />
      );
    case "export":
      return map ? (
        <ExportDialog
          accountId={map.account.id}
          accountName={map.account.name}
          initialFormat={dialog.format}
          onClose={close}
          onDone={(message) => {
            close();
            setNotice(message);
          }}
        />
      ) : null;
    default:
      return null;
  }
}
