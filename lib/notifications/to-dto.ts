// Maps Notification rows to plain DTOs before they leave the data layer.
import type { NotificationDto } from "@/lib/schemas/notifications";

/** The columns a NotificationDto is built from. */
export const notificationSelect = {
  id: true,
  kind: true,
  title: true,
  body: true,
  tradeId: true,
  readAt: true,
  createdAt: true,
} as const;

type NotificationRow = {
  id: number;
  kind: string;
  title: string;
  body: string;
  tradeId: number | null;
  readAt: Date | null;
  createdAt: Date;
};

/** Row -> DTO (dates as ISO strings). */
export function toNotificationDto(row: NotificationRow): NotificationDto {
  return { ...row, readAt: row.readAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() };
}
