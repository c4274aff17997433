// The browser build's declarations: an ES module with an async init.
import init, { defaultEdition } from "cchc/web";
import type { Unit } from "cchc/web";

await init();
const units: Unit[] = defaultEdition().units();
void units;
