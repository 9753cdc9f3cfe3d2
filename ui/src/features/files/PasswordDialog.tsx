// Encryption at rest: asking for an encrypted workspace's password when it is opened, and
// encrypting a workspace, changing its password or removing it.

import { useEffect, useRef, useState } from "react";
import type { AppInfo, KeychainStatus } from "../../bindings";
import { backend } from "../../lib/backend";
import { useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";
import { DialogFoot, Modal } from "../../lib/Modal";
import { keychainNoteText } from "./keychainText";

/** The shortest new password the core accepts (`stakemap_core::store::cipher::MIN_PASSWORD_CHARS`). */
export const MIN_PASSWORD_CHARS = 8;

/** The form that asks for the password of the encrypted workspace waiting for it (the one
 * at `path`, which the Rust side keeps) and opens it. `onOpened` gets a notice to show when
 * the password was to be remembered and was not. */
export function UnlockForm(props: { path: string; onOpened: (info: AppInfo, notice: string | null) => void; onCancel?: () => void }) {
  const { t } = useT();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  // Whether a keychain answers: without one the box stays off and says why.
  const [remember, setRemember] = useState(false);
  const [keychain, setKeychain] = useState<KeychainStatus | null>(null);
  useEffect(() => {
    let live = true;
    backend.keychainStatus().then(
      (s) => live && setKeychain(s),
      () => live && setKeychain({ available: false, remembered: false, note: null }),
    );
    return () => {
      live = false;
    };
  }, []);
  const canRemember = keychain?.available === true;

  const open = async () => {
    if (!password) {
      setError(t("passwordEnter"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const asked = remember && canRemember;
      const info = await backend.unlockWorkspace(password, asked);
      // Asked to remember it: say so when the keychain did not take it.
      const note = asked ? (await backend.keychainStatus().catch(() => null))?.note : null;
      props.onOpened(info, note?.code === "not_remembered" ? keychainNoteText(note, t) : null);
    } catch (e) {
      setError(errorText(e, t));
      setPassword("");
      field.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="unlock"
      data-testid="unlock"
      onSubmit={(e) => {
        e.preventDefault();
        void open();
      }}
    >
      {keychain?.note?.code === "forgotten" && (
        <p className="note" role="status" data-testid="unlock-forgotten">
          {keychainNoteText(keychain.note, t)}
        </p>
      )}
      <p>{t("passwordAsk", { path: props.path })}</p>
      <label>
        {t("password")}
        <input
          ref={field}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="unlock-password"
          disabled={busy}
        />
      </label>
      <label className={canRemember ? "check" : "check muted"} data-testid="unlock-remember-label">
        <input
          type="checkbox"
          checked={remember && canRemember}
          onChange={(e) => setRemember(e.target.checked)}
          disabled={busy || !canRemember}
          data-testid="unlock-remember"
        />
        {t("passwordRemember")}
      </label>
      {keychain && (
        <p className="note" data-testid={canRemember ? "unlock-remember-hint" : "unlock-remember-none"}>
          {canRemember ? t("passwordRememberHint") : t("passwordRememberNone")}
        </p>
      )}
      {error && (
        <p className="problem" role="alert" data-testid="unlock-error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy} data-testid="unlock-open">
          {t("passwordOpen")}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel} disabled={busy}>
            {t("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

/** The password of a workspace opened from the File menu, in a dialog over the open one. */
export function UnlockDialog(props: { path: string; onClose: () => void; onOpened: (info: AppInfo, notice: string | null) => void }) {
  const { t } = useT();
  return (
    <Modal title={t("passwordTitle")} onClose={props.onClose} testId="unlock-dialog">
      <UnlockForm path={props.path} onOpened={props.onOpened} onCancel={props.onClose} />
    </Modal>
  );
}

export type PasswordMode = "set" | "change" | "remove";

/** Encrypts the open workspace, changes its password, or removes its encryption. */
export function PasswordDialog(props: { mode: PasswordMode; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useT();
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const removing = props.mode === "remove";

  const check = (): string | null => {
    if (removing) return null;
    if ([...first].length < MIN_PASSWORD_CHARS) return t("passwordTooShort", { n: MIN_PASSWORD_CHARS });
    if (first !== second) return t("passwordMismatch");
    return null;
  };

  const run = async () => {
    const problem = check();
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const done = await backend.setWorkspacePassword(removing ? null : first);
      const what = removing ? t("passwordRemoved") : props.mode === "set" ? t("passwordSetDone") : t("passwordChanged");
      const backups = t("passwordBackups", { n: done.backups_rewritten });
      const left = done.backups_left > 0 ? ` ${t("passwordBackupsLeft", { n: done.backups_left })}` : "";
      props.onDone(`${what} ${backups}${left} ${t("passwordUndoCleared")}`);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const title = removing ? t("passwordRemoveTitle") : props.mode === "set" ? t("passwordSetTitle") : t("passwordChangeTitle");
  return (
    <Modal title={title} onClose={() => !busy && props.onClose()} testId="password-dialog">
      <p className="note">{removing ? t("passwordRemoveHint") : t("passwordSetHint")}</p>
      {!removing && (
        <div
          className="fields"
          onKeyDown={(e) => {
            if (e.key === "Enter" && !busy) void run();
          }}
        >
          <label>
            {t("passwordNew")}
            <input
              type="password"
              autoComplete="new-password"
              value={first}
              onChange={(e) => setFirst(e.target.value)}
              data-testid="password-new"
              disabled={busy}
              autoFocus
            />
          </label>
          <label>
            {t("passwordRepeat")}
            <input
              type="password"
              autoComplete="new-password"
              value={second}
              onChange={(e) => setSecond(e.target.value)}
              data-testid="password-repeat"
              disabled={busy}
            />
          </label>
        </div>
      )}
      <DialogFoot
        name="password"
        error={error}
        busy={busy}
        workingLabel={t("passwordWorking")}
        cancelLabel={t("cancel")}
        actionLabel={removing ? t("passwordRemoveConfirm") : t("passwordConfirm")}
        actionDisabled={false}
        onCancel={props.onClose}
        onAction={() => void run()}
      />
    </Modal>
  );
}
