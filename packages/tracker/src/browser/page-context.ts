declare const LEADSCORE_VERSION: string;

const campaignFields: Record<string, string> = {
  utm_source: "source",
  utm_medium: "medium",
  utm_campaign: "name",
  utm_term: "term",
  utm_content: "content",
};

/** The page fields Segment puts both in `context.page` and in a page call's properties. */
export function pageProperties(): Record<string, string> {
  return {
    url: location.href,
    path: location.pathname,
    title: document.title,
    referrer: document.referrer,
    search: location.search,
  };
}

/** The `context` of every message: page, user agent, locale, utm_* campaign, library. */
export function pageContext(): Record<string, unknown> {
  const campaign: Record<string, string> = {};
  new URLSearchParams(location.search).forEach((value, key) => {
    const field = campaignFields[key];
    if (field) campaign[field] = value;
  });
  return {
    page: pageProperties(),
    userAgent: navigator.userAgent,
    locale: navigator.language,
    ...(Object.keys(campaign).length > 0 ? { campaign } : {}),
    library: { name: "leadscore.js", version: LEADSCORE_VERSION },
  };
}
