import nodemailer from "nodemailer";
import type { Logger } from "../logger.ts";

/**
 * Sends mail through the relay of SMTP_URL (a real SMTP conversation, nodemailer), from
 * MAIL_FROM. Without a relay the server has no mailer and the UI says links must be shared.
 */

export type Mail = {
  to: string;
  subject: string;
  text: string;
  /** Extra headers (List-Unsubscribe for notifications). */
  headers?: Record<string, string>;
};

export interface Mailer {
  /** Resolves once the relay accepted the message; rejects when it could not be sent. */
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(settings: { smtpUrl: string; from: string }, log: Logger): Mailer {
  const transport = nodemailer.createTransport(settings.smtpUrl, { from: settings.from });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: mail.headers,
      });
      log.info({ event: "mail sent", to: mail.to, subject: mail.subject, id: info.messageId }, "mail sent");
    },
    close: () => transport.close(),
  };
}
