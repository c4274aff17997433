// The login page: signs in with POST /api/v1/session, then opens the page of the actor's role.
import { $ } from "./components.js";
import { ROLE_PAGE, act, signIn, whoAmI } from "./common.js";

async function main() {
  const actor = await whoAmI();
  if (actor) {
    location.replace(ROLE_PAGE[actor.role] ?? "/");
    return;
  }
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const signed = await act($("sign-in"), $("login-error"), () => signIn($("login").value.trim(), $("password").value));
    if (signed) location.assign(ROLE_PAGE[signed.role] ?? "/");
  });
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("login-error").textContent = `Không kết nối được máy chủ: ${e.message}`;
  $("login-error").hidden = false;
});
