/**
 * Removes secrets from text before it leaves the process. Secrets are registered as they become
 * known (configured keys, refreshed tokens); `apiKey=` query values are masked whatever they are.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  redact(text: string): string {
    let result = text.replace(/([?&]apiKey=)[^&#\s"']*/gi, '$1***');
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join('***');
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && result.includes(encoded))
        result = result.split(encoded).join('***');
    }
    return result;
  }
}
