// Shows <time datetime="…"> (rendered in UTC by the server) in the reader's own time zone and language.

const sameDay = (a, b) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth()
  && a.getDate() === b.getDate();

export function formatBrief(date, now = new Date(), locale = undefined) {
  if (sameDay(date, now)) {
    return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  }
  if (date.getFullYear() === now.getFullYear()) {
    return date.toLocaleDateString(locale, { month: 'short', day: 'numeric' });
  }
  return date.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function localizeTimes(root) {
  const locale = document.documentElement.lang || undefined;
  for (const element of root.querySelectorAll('time[datetime]')) {
    const date = new Date(element.getAttribute('datetime'));
    if (Number.isNaN(date.getTime())) {
      continue;
    }
    element.title = date.toLocaleString(locale);
    element.textContent = element.dataset.format === 'full' ? date.toLocaleString(locale) : formatBrief(date, new Date(), locale);
  }
}
