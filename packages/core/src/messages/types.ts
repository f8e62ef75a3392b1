export interface Message {
  zh: string;
  en: string;
}
export type MessageTable = Record<string, Message>;
