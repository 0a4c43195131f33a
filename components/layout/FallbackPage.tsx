import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, type Locale } from "@/lib/i18n/locale";
import { ButtonLink } from "./ButtonLink";

export interface FallbackText {
  title: string;
  body: string;
  link: string;
}

// Shows the visitor's language, chosen as on the server: the language cookie, then the browser's
// languages, then Turkish. Inline and tiny, so that no script bundle comes with it.
const chooseLanguage = `(function(){
var m=document.cookie.match(/(?:^|; )${LOCALE_COOKIE}=([^;]*)/);
var known=${JSON.stringify(LOCALES)};
var l=m&&known.indexOf(m[1])>=0?m[1]:null;
if(!l){for(var i=0;i<navigator.languages.length&&!l;i++){var b=navigator.languages[i].toLowerCase().split("-")[0];if(known.indexOf(b)>=0)l=b;}}
if(!l||l==="${DEFAULT_LOCALE}")return;
document.documentElement.lang=l;
document.querySelectorAll("[data-fallback-lang]").forEach(function(e){e.hidden=e.getAttribute("data-fallback-lang")!==l;});
})();`;

/**
 * The root 404 and 403 pages, a whole document each (no layout surrounds them). They stand for every
 * page, the cached ones too, so the server renders them without reading the request: in every language,
 * Turkish shown, and a small inline script switches to the visitor's.
 */
export function FallbackPage({
  texts,
  href,
  code,
  testId,
}: {
  texts: Record<Locale, FallbackText>;
  href: string;
  code?: string;
  testId?: string;
}) {
  return (
    <html lang={DEFAULT_LOCALE}>
      <body className="flex min-h-screen flex-col">
        <main id="main" className="flex flex-1 flex-col">
          <div data-testid={testId} className="flex flex-1 flex-col">
            {LOCALES.map((locale) => (
              <div
                key={locale}
                lang={locale}
                data-fallback-lang={locale}
                hidden={locale !== DEFAULT_LOCALE}
                className="mx-auto max-w-xl flex-1 flex-col items-center justify-center gap-4 px-4 py-24 text-center [&:not([hidden])]:flex"
              >
                {code && <p className="text-sm font-semibold text-brand-700">{code}</p>}
                <h1 className="text-3xl font-semibold">{texts[locale].title}</h1>
                <p className="text-stone-600">{texts[locale].body}</p>
                <ButtonLink href={href}>{texts[locale].link}</ButtonLink>
              </div>
            ))}
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed script built from constants above */}
            <script dangerouslySetInnerHTML={{ __html: chooseLanguage }} />
          </div>
        </main>
      </body>
    </html>
  );
}
