// Shared fixtures for the UI's unit tests.

import type { Person, Relation } from "../bindings";

export function person(id: string, name: string, department = ""): Person {
  return {
    id,
    account_id: "acc",
    side: "customer",
    name,
    reading: "",
    title: "",
    department,
    level: null,
    email: "",
    phone: "",
    notes: "",
    roles: [],
    influence: null,
    key_person: false,
    ratings: { intimacy: null, solution: null, price: null },
  };
}

export function line(id: string, kind: Relation["kind"], from: string, to: string, sign = 1): Relation {
  return { id, account_id: "acc", kind, from, to, strength: 2, sign, note: "" };
}
