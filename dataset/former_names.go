package dataset

// inFormerNames reports whether t occurs in a former name of the deal's
// miner, tenant, end user or guarantor: a renamed company is found under
// its old name too.
func (s *Snapshot) inFormerNames(t term, r *DealRow) bool {
	if i, ok := s.miner[r.Miner]; ok && t.anyIn(s.Data.Miners[i].FormerNames...) {
		return true
	}
	for _, id := range []string{r.Tenant, r.EndUser, r.Guarantor} {
		if i, ok := s.counterparty[id]; ok && id != "" && t.anyIn(s.Data.Counterparties[i].FormerNames...) {
			return true
		}
	}
	return false
}
