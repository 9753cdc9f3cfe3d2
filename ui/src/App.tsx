import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  type EdgeTypes,
  type NodeTypes,
} from "@xyflow/react";
import { useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { Account, AccountMap, AppInfo } from "./bindings";
import { backend } from "./backend";
import { FloatEdge } from "./FloatEdge";
import { translate, type Lang, type MessageKey } from "./i18n";
import { LangContext } from "./LangContext";
import { Legend } from "./Legend";
import { ratingColour, toFlow, type PersonNode } from "./mapModel";
import { PersonCard } from "./PersonCard";

const nodeTypes: NodeTypes = { person: PersonCard };
const edgeTypes: EdgeTypes = { float: FloatEdge };
const LANG_KEY = "stakemap.lang";

type Load<T> = { state: "loading" } | { state: "ok"; value: T } | { state: "error"; message: string };

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function App() {
  const [info, setInfo] = useState<Load<AppInfo>>({ state: "loading" });
  const [lang, setLang] = useState<Lang>("en");
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [map, setMap] = useState<Load<AccountMap> | null>(null);
  const t = useCallback((k: MessageKey) => translate(lang, k), [lang]);

  useEffect(() => {
    (async () => {
      try {
        const i = await backend.appInfo();
        const stored = localStorage.getItem(LANG_KEY);
        setLang(stored === "en" || stored === "ja" ? stored : i.lang);
        setInfo({ state: "ok", value: i });
        if (i.open_error) return;
        const list = await backend.listAccounts();
        setAccounts(list);
        setSelected(list[0]?.id ?? null);
      } catch (e) {
        setInfo({ state: "error", message: errorMessage(e) });
      }
    })();
  }, []);

  const loadMap = useCallback(async (id: string) => {
    setMap({ state: "loading" });
    try {
      setMap({ state: "ok", value: await backend.accountMap(id) });
    } catch (e) {
      setMap({ state: "error", message: errorMessage(e) });
    }
  }, []);

  useEffect(() => {
    if (selected) void loadMap(selected);
  }, [selected, loadMap]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const switchLang = (l: Lang) => {
    setLang(l);
    localStorage.setItem(LANG_KEY, l);
  };

  if (info.state === "loading") return <div className="centre">{t("loading")}</div>;
  if (info.state === "error" || info.value.open_error) {
    const message = info.state === "error" ? info.message : info.value.open_error?.message;
    return (
      <div className="centre error-panel" role="alert">
        <h2>{t("cannotOpen")}</h2>
        <p>{message}</p>
      </div>
    );
  }

  return (
    <LangContext.Provider value={lang}>
      <div className="app">
        <header className="topbar">
          <span className="brand">
            <img src="/icon.png" alt="" width={22} height={22} />
            {t("appName")}
          </span>
          <span className="workspace" title={info.value.workspace_path ?? ""}>
            {t("workspace")}: {info.value.workspace_path}
          </span>
          <label className="lang">
            {t("language")}{" "}
            <select
              value={lang}
              onChange={(e) => switchLang(e.target.value as Lang)}
              data-testid="lang-select"
            >
              <option value="en">English</option>
              <option value="ja">日本語</option>
            </select>
          </label>
        </header>
        <aside className="sidebar">
          <h3>{t("accounts")}</h3>
          {accounts.length === 0 ? (
            <p className="empty">{t("noAccounts")}</p>
          ) : (
            <ul className="account-list" data-testid="account-list">
              {accounts.map((a) => (
                <li key={a.id}>
                  <button
                    className={a.id === selected ? "active" : ""}
                    onClick={() => setSelected(a.id)}
                    data-account-id={a.id}
                  >
                    <span className="account-name">{a.name}</span>
                    {a.industry && <span className="account-industry">{a.industry}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {map?.state === "ok" && <AccountSummary map={map.value} />}
        </aside>
        <main className="canvas">
          {map === null ? null : map.state === "loading" ? (
            <div className="centre">{t("loading")}</div>
          ) : map.state === "error" ? (
            <div className="centre error-panel" role="alert">
              <h2>{t("cannotLoad")}</h2>
              <p>{map.message}</p>
              {selected && <button onClick={() => void loadMap(selected)}>{t("retry")}</button>}
            </div>
          ) : map.value.people.length === 0 ? (
            <div className="centre empty">{t("noPeople")}</div>
          ) : (
            <ReactFlowProvider key={map.value.account.id}>
              <MapCanvas map={map.value} />
            </ReactFlowProvider>
          )}
        </main>
      </div>
    </LangContext.Provider>
  );
}

function AccountSummary({ map }: { map: AccountMap }) {
  const lang = useContext(LangContext);
  const customers = map.people.filter((p) => p.side === "customer").length;
  return (
    <div className="summary" data-testid="account-summary">
      <p>
        {customers} {translate(lang, "people")} · {translate(lang, "keyPerson")}: {map.key_person_ids.length}
      </p>
      {map.opportunities.length > 0 && (
        <>
          <h4>{translate(lang, "opportunities")}</h4>
          <ul className="opportunities">
            {map.opportunities.map((o) => (
              <li key={o.id}>
                <span>{o.name}</span>
                <span className="muted">
                  {o.stage} · {new Intl.NumberFormat(lang).format(o.amount)} {o.currency}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function MapCanvas({ map }: { map: AccountMap }) {
  const flow = useMemo(() => toFlow(map), [map]);
  const [nodes, setNodes] = useState<PersonNode[]>(flow.nodes);
  useEffect(() => setNodes(flow.nodes), [flow]);
  return (
    <ReactFlow
      nodes={nodes}
      edges={flow.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={(changes) => {
        // Selection only for now; positions come from the core's layout.
        setNodes((ns) =>
          ns.map((n) => {
            const c = changes.find((ch) => ch.type === "select" && ch.id === n.id);
            return c && c.type === "select" ? { ...n, selected: c.selected } : n;
          }),
        );
      }}
      nodesDraggable={false}
      nodesConnectable={false}
      fitView
      fitViewOptions={{ padding: 0.08 }}
      minZoom={0.05}
      maxZoom={2.5}
      onlyRenderVisibleElements
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={24} color="#e2e8f0" />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable nodeColor={(n) => ratingColour((n as PersonNode).data.person.ratings.intimacy)} />
      <Legend />
    </ReactFlow>
  );
}
