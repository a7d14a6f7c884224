// The header's account slot: sign-in links, or the user menu and notifications of the signed-in user.
import "server-only";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { privateChannelFor } from "@/lib/auth/private-channel";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { getPusherClientConfig } from "@/lib/pusher/client-config";
import { PusherProvider } from "@/lib/pusher/pusher-provider";
import { NotificationsMenu } from "./notifications-menu";
import { SignInLinks } from "./sign-in-links";
import { UserMenu } from "./user-menu";

/** Server component: reads the session and the notifications at render time (no extra round trip). */
export async function SiteHeaderActions() {
  const user = await getSessionUser();
  if (!user) return <SignInLinks />;
  const initialList = await listNotifications(user.id);
  return (
    <PusherProvider config={getPusherClientConfig()}>
      <NotificationsMenu key={user.id} privateChannel={privateChannelFor(user)} initialList={initialList} />
      <UserMenu name={user.name} />
    </PusherProvider>
  );
}
