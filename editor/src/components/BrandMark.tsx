import { useI18n } from "../i18n/i18n.ts";

/** The product's name and mark. */
export function BrandMark({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={compact ? "brand brand--compact" : "brand"}>
      <svg viewBox="0 0 32 32" width={compact ? 24 : 32} height={compact ? 24 : 32} aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--accent)" />
        <path
          d="M9 23V9h8a4 4 0 0 1 0 8h-8m7 0 6 6"
          stroke="white"
          strokeWidth="2.6"
          fill="none"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span className="brand__name">{t("app.name")}</span>
    </span>
  );
}
