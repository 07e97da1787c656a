// The "more" button under a list read page by page (cursor); hidden once the server says there is no more.
import { useI18n } from "../i18n/i18n.tsx";

export function LoadMore(props: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}) {
  const { t } = useI18n();
  if (!props.hasNextPage) return null;
  return (
    <p className="load-more">
      <button
        type="button"
        className="button-secondary"
        disabled={props.isFetchingNextPage}
        onClick={() => props.fetchNextPage()}
      >
        {props.isFetchingNextPage ? t("list.loading") : t("list.more")}
      </button>
    </p>
  );
}
