/** Error answers: a stable code for programs and a message in both state languages for people. */
import type { FastifyReply } from 'fastify';
import type { BiText, ErrorBody } from '../../shared';

const MESSAGES: Record<string, BiText> = {
  'protocol.outdated': {
    kk: 'Қолданбаның нұсқасы ескірген. Деректерді синхрондау үшін қолданбаны жаңартыңыз.',
    ru: 'Версия приложения устарела. Обновите приложение, чтобы продолжить синхронизацию данных.',
  },
  'protocol.serverOutdated': {
    kk: 'Аудандық сервердің нұсқасы бұл қолданбадан ескі. Аудандық білім бөліміне хабарласыңыз.',
    ru: 'Версия районного сервера старше этого приложения. Обратитесь в районный отдел образования.',
  },
  'auth.required': {
    kk: 'Кіру деректері жоқ: құрылғыны тіркеу коды арқылы тіркеңіз.',
    ru: 'Нет учётных данных: зарегистрируйте устройство по коду регистрации.',
  },
  'auth.invalid': {
    kk: 'Құрылғының кіру деректері жарамсыз немесе қайтарып алынған. Аудандық білім бөлімінен жаңа тіркеу кодын алыңыз.',
    ru: 'Учётные данные устройства недействительны или отозваны. Получите новый код регистрации в районном отделе образования.',
  },
  'enrol.codeInvalid': {
    kk: 'Тіркеу коды жарамсыз, мерзімі өткен немесе бұрын пайдаланылған.',
    ru: 'Код регистрации недействителен, просрочен или уже использован.',
  },
  'enrol.deviceOtherOffice': {
    kk: 'Бұл құрылғы басқа кеңседе тіркелген.',
    ru: 'Это устройство зарегистрировано в другом офисе.',
  },
  'auth.tooManyAttempts': {
    kk: 'Тым көп әрекет жасалды. Біраз күтіп, қайталаңыз.',
    ru: 'Слишком много попыток. Подождите немного и повторите.',
  },
  'login.invalid': { kk: 'Логин немесе құпиясөз қате.', ru: 'Неверный логин или пароль.' },
  'scope.office': { kk: 'Бұл деректер басқа кеңсеге тиесілі.', ru: 'Эти данные принадлежат другому офису.' },
  'scope.device': { kk: 'Операциялар басқа құрылғыға тиесілі.', ru: 'Операции принадлежат другому устройству.' },
  'scope.district': {
    kk: 'Тек аудандық білім бөлімінің қызметкерлеріне рұқсат етілген.',
    ru: 'Доступно только сотрудникам районного отдела образования.',
  },
  'scope.deviceOnly': { kk: 'Бұл сұрау тек тіркелген құрылғыдан жіберіледі.', ru: 'Этот запрос отправляется только с зарегистрированного устройства.' },
  'body.tooLarge': {
    kk: 'Жіберілетін топтама тым үлкен. Оны кішірек бөліктермен жіберіңіз.',
    ru: 'Пакет слишком большой. Отправьте его меньшими частями.',
  },
  'batch.tooManyOps': {
    kk: 'Топтамада операциялар тым көп. Оны кішірек бөліктермен жіберіңіз.',
    ru: 'В пакете слишком много операций. Отправьте его меньшими частями.',
  },
  'body.invalid': { kk: 'Сұраудың мазмұны дұрыс емес.', ru: 'Неверное содержимое запроса.' },
  'body.encoding': { kk: 'Сұраудың сығу әдісіне қолдау жоқ.', ru: 'Способ сжатия запроса не поддерживается.' },
  'batch.badSignature': {
    kk: 'Файлдың қолтаңбасы жарамсыз: файл өзгертілген немесе басқа құрылғыда жасалған.',
    ru: 'Подпись файла недействительна: файл изменён или создан на другом устройстве.',
  },
  'batch.unknownDevice': { kk: 'Файлды жасаған құрылғы серверде тіркелмеген.', ru: 'Устройство, создавшее файл, не зарегистрировано на сервере.' },
  'batch.deviceRevoked': { kk: 'Файлды жасаған құрылғының рұқсаты қайтарып алынған.', ru: 'Доступ устройства, создавшего файл, отозван.' },
  'notFound': { kk: 'Табылмады.', ru: 'Не найдено.' },
  'server.error': { kk: 'Сервер қатесі. Кейінірек қайталаңыз.', ru: 'Ошибка сервера. Повторите позже.' },
  'server.closing': { kk: 'Сервер тоқтап жатыр. Кейінірек қайталаңыз.', ru: 'Сервер останавливается. Повторите позже.' },
};

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, readonly extra: Partial<ErrorBody> & Record<string, unknown> = {}) {
    super(code);
  }
}

export function errorBody(code: string, extra: Record<string, unknown> = {}): ErrorBody & Record<string, unknown> {
  const message = MESSAGES[code];
  return { error: code, ...(message ? { message } : {}), ...extra };
}

export function sendError(reply: FastifyReply, status: number, code: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).send(errorBody(code, extra));
}

export const zodIssues = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string }>) =>
  issues.slice(0, 50).map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message, code: i.code }));
