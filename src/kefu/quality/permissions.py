"""Every staff member checks replies; supervisors and above keep the banned-phrase list."""

from kefu.core.permissions import STAFF, SUPERVISORS, register

register("quality.check", roles=STAFF)
register("phrase.manage", roles=SUPERVISORS)
