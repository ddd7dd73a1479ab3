import type { DataSource } from 'typeorm';

import type { Config } from './config';
import { AuthService } from './modules/auth/auth.service';
import { TokenService } from './modules/auth/token';
import { LegalDocumentService } from './modules/catalog/legal-document.service';
import { PowerService } from './modules/catalog/power.service';
import { RegionService } from './modules/catalog/region.service';

/** The services of the process; stateless over the DataSource, built once. */
export function createServices(
  ds: DataSource,
  config: Pick<Config, 'jwtSecret' | 'jwtTtlSeconds'>,
) {
  const tokens = new TokenService(config.jwtSecret, config.jwtTtlSeconds);
  return {
    tokens,
    auth: new AuthService(ds, tokens),
    regions: new RegionService(ds),
    legalDocuments: new LegalDocumentService(ds),
    powers: new PowerService(ds),
  };
}
export type Services = ReturnType<typeof createServices>;
