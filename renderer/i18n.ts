/**
 * i18next set-up. Every locale file is bundled (the app must work offline on
 * first launch, so nothing is fetched), Kazakh is the default. The language
 * follows the person (issue #16 item 7): a choice made while someone is signed
 * in is theirs on this computer; one made with nobody signed in (the sign-in
 * form, the set-up) is the computer's, for the sign-in form and for whoever has
 * not chosen. So after a colleague switches to Russian, the next person gets
 * their own language, not that colleague's.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../shared';

export const LANGS: Lang[] = ['kk', 'ru'];
export const NAMESPACES = ['ui', 'errors', 'forms', 'dates'] as const;
const STORAGE_KEY = 'akimat.lang';

// Eager glob: statically bundled, and a namespace file another module has not written yet does not break the build.
const files = import.meta.glob<{ default: Record<string, unknown> }>('../locales/*/*.json', { eager: true });

function resources() {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, mod] of Object.entries(files)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!m) continue;
    (out[m[1]] ??= {})[m[2]] = mod.default;
  }
  return out;
}

export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'ru' || v === 'kk' ? v : 'kk';
  } catch {
    return 'kk';
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or a locked profile: the choice simply is not remembered.
  }
}

/** Whose language is on screen: the signed-in (or locked) person's id, or null for the computer's. */
let person: string | null = null;
const personKey = (staffId: string) => `${STORAGE_KEY}.${staffId}`;

function personLang(staffId: string): Lang | null {
  try {
    const v = localStorage.getItem(personKey(staffId));
    return v === 'ru' || v === 'kk' ? v : null;
  } catch {
    return null;
  }
}

/**
 * Shows the language of the person now at the desk (null: nobody, the
 * computer's language): their choice on this laptop, else the one on their
 * record (chosen on another laptop of the office), else the computer's.
 */
export async function followPerson(staffId: string | null, recordLang?: Lang): Promise<void> {
  person = staffId;
  await i18n.changeLanguage((staffId && personLang(staffId)) || recordLang || storedLang());
}

export async function setLang(lang: Lang): Promise<void> {
  if (person) {
    try {
      localStorage.setItem(personKey(person), lang);
    } catch {
      // As rememberLang: not remembered, still shown.
    }
  } else rememberLang(lang);
  await i18n.changeLanguage(lang);
}

export function currentLang(): Lang {
  return i18n.language === 'ru' ? 'ru' : 'kk';
}

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lng;
    document.title = i18n.t('ui:brand.title');
  }
});

export const i18nReady = i18n.use(initReactI18next).init({
  resources: resources(),
  lng: storedLang(),
  fallbackLng: false,
  supportedLngs: LANGS,
  ns: [...NAMESPACES],
  defaultNS: 'ui',
  fallbackNS: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});

export default i18n;
