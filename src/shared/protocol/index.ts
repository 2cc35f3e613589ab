// The protocol between the extension host and the graph webview, imported by both as
// `shared/protocol`: the message types (messages.ts), numbers and graphs in their JSON
// form (wire.ts), and the guards that check a message's shape on arrival (guards.ts).

export * from './messages';
export * from './wire';
export * from './guards';
