/** The tag a website adds to send page views, events and presence with a publishable key. */
export function trackingSnippet(origin: string, publishableKey: string): string {
  const attribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return [
    `<script async src="${attribute(origin)}/t.js" data-key="${attribute(publishableKey)}"></script>`,
    "<!-- When the visitor identifies (a form, a login): -->",
    '<!-- <script>leadscore.identify("user-id", { email: "ada@example.com" })</script> -->',
  ].join("\n");
}
