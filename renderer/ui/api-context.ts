import { createContext, useContext } from 'react';
import type { PultApi } from '../../core/contract';

/** The one door to the workstation; provided once at the root so components never import the bridge. */
export const ApiContext = createContext<PultApi | null>(null);

export function useApi(): PultApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}
