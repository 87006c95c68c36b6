import type { ShellData, Translate } from '#app/utils/i18n'

/**
 * The notice above every page while `npm run dev` is still bringing the platform up (decision 0069):
 * the console works, provisioning waits, and each component says how far it has got.
 */
export function PlatformStartup({ starting, t }: { starting: ShellData['platformStarting']; t: Translate }) {
  return (
    <section
      className="platform-startup"
      role="status"
      aria-labelledby="platform-startup-title"
      data-testid="platform-startup"
    >
      <h2 id="platform-startup-title">{t('startup.title')}</h2>
      <p>{t('startup.intro')}</p>
      <ul>
        {starting.map((part) => (
          <li key={part.component} data-component={part.component} data-phase={part.phase}>
            {t(`startup.component.${part.component}`)}: {t(`startup.phase.${part.phase}`, { minutes: part.minutes })}
          </li>
        ))}
      </ul>
    </section>
  )
}
